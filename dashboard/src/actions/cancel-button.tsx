import { useState } from "preact/hooks";
import type { Session } from "../session/use-session";
import { ErrorNotice } from "../ui/error-notice";

interface Props {
  session: Session;
  operationId: string;
  /** Called once the server accepted; the operation then ends as `cancelled`. */
  onCancelled?: () => void;
}

/** Stops a running operation (POST /deployments/:id/cancel); the engine stops cleanly. */
export function CancelButton({ session, operationId, onCancelled }: Props) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await session.client.post(`/deployments/${encodeURIComponent(operationId)}/cancel`);
      onCancelled?.();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="cancel">
      <button type="button" class="danger" disabled={busy} onClick={() => void cancel()}>
        {busy ? "Cancelling…" : "Cancel operation"}
      </button>
      <ErrorNotice error={error} />
    </span>
  );
}
