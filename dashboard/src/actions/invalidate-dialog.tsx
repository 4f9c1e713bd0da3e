import { useState } from "preact/hooks";
import type { InvalidationView } from "../../../client/types";
import type { Session } from "../session/use-session";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";

interface Props {
  session: Session;
  stack: string;
  onClose: () => void;
}

/** A CloudFront invalidation of the web's paths, answered at once (not an operation). */
export function InvalidateDialog({ session, stack, onClose }: Props) {
  const [paths, setPaths] = useState("/index.html");
  const [wait, setWait] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<InvalidationView["invalidation"]>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const list = paths
        .split("\n")
        .map((path) => path.trim())
        .filter((path) => path !== "");
      const { body: answer } = await session.client.post<InvalidationView>(
        `/stacks/${encodeURIComponent(stack)}/invalidate`,
        { paths: list, ...(wait ? { wait } : {}) },
      );
      setResult(answer.invalidation);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open title={`Invalidate web paths on ${stack}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <label for="invalidate-paths">Paths, one a line (a * only at the end)</label>
        <textarea
          id="invalidate-paths"
          autofocus
          rows={4}
          required
          value={paths}
          onInput={(event) => setPaths(event.currentTarget.value)}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={wait}
            onChange={(event) => setWait(event.currentTarget.checked)}
          />
          Wait until CloudFront has completed it
        </label>
        <ErrorNotice error={error} />
        {result && (
          <p role="status">
            Invalidation <code>{result.id}</code> {result.status}
            {result.timedOut ? " (stopped waiting)" : ""}: {result.paths.join(", ")}
            {result.dropped?.length
              ? `; dropped ${result.dropped.map((d) => `${d.path} (covered by ${d.coveredBy})`).join(", ")}`
              : ""}
          </p>
        )}
        <div class="buttons">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Invalidating…" : "Invalidate"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
