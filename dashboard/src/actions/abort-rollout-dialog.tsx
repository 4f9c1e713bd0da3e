import { useState } from "preact/hooks";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";

interface Props {
  onAbort: (reason: string) => Promise<void>;
  onClose: () => void;
  busy: boolean;
  error: unknown;
}

/** Asks why before an abort: the reason is journaled and marks the release bad. */
export function AbortRolloutDialog({ onAbort, onClose, busy, error }: Props) {
  const [reason, setReason] = useState("");
  const submit = (event: Event) => {
    event.preventDefault();
    void onAbort(reason.trim());
  };
  return (
    <Dialog open title="Abort the rollout?" onClose={onClose}>
      <form onSubmit={submit}>
        <p>
          The traffic goes back to the stable version and the new release is marked bad with this
          reason.
        </p>
        <label for="abort-reason">Reason</label>
        <textarea
          id="abort-reason"
          autofocus
          rows={3}
          required
          maxLength={1000}
          value={reason}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
        <ErrorNotice error={error} />
        <div class="buttons">
          <button type="submit" class="danger" disabled={busy || reason.trim() === ""}>
            {busy ? "Aborting…" : "Abort rollout"}
          </button>
          <button type="button" onClick={onClose}>
            Keep it running
          </button>
        </div>
      </form>
    </Dialog>
  );
}
