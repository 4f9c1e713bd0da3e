import { useState } from "preact/hooks";
import { allows } from "../../../automation/auth/scopes";
import { requestRolloutCommand, type RolloutCommandOptions } from "../../../client/rollout-control";
import type { RolloutCommandKind } from "../../../client/types";
import type { Session } from "../session/use-session";
import { ErrorNotice } from "../ui/error-notice";
import { AbortRolloutDialog } from "./abort-rollout-dialog";

interface Props {
  session: Session;
  operationId: string;
  /** A manual pause holds the rollout: Resume replaces Pause. */
  paused: boolean;
}

/**
 * Pause / Resume, Promote, Promote fully (deploy scope) and Abort (rollback scope) of the
 * running rollout. The server journals the command and the rollout acts on it; its next
 * event shows the change.
 */
export function RolloutControls({ session, operationId, paused }: Props) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState<string>();
  const [aborting, setAborting] = useState(false);
  const mayDeploy = allows(session.principal, "deploy");
  const mayAbort = allows(session.principal, "rollback");
  if (!mayDeploy && !mayAbort) return null;

  const ask = async (kind: RolloutCommandKind, options: RolloutCommandOptions = {}) => {
    setBusy(true);
    setError(undefined);
    setAsked(undefined);
    try {
      const { command } = await requestRolloutCommand(session.client, operationId, kind, options);
      setAsked(`${kind}${command.full ? " fully" : ""} asked (command ${command.seq})`);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="rollout-controls">
      <div class="buttons">
        {mayDeploy && (
          <>
            {paused ? (
              <button type="button" disabled={busy} onClick={() => void ask("resume")}>
                Resume
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={() => void ask("pause")}>
                Pause
              </button>
            )}
            <button type="button" disabled={busy} onClick={() => void ask("promote")}>
              Promote
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void ask("promote", { full: true })}
            >
              Promote fully
            </button>
          </>
        )}
        {mayAbort && (
          <button type="button" class="danger" disabled={busy} onClick={() => setAborting(true)}>
            Abort…
          </button>
        )}
      </div>
      <p role="status" aria-live="polite" class="muted">
        {asked}
      </p>
      <ErrorNotice error={error} />
      {aborting && (
        <AbortRolloutDialog
          onAbort={async (reason) => {
            if (await ask("abort", { reason })) setAborting(false);
          }}
          onClose={() => setAborting(false)}
          busy={busy}
          error={error}
        />
      )}
    </div>
  );
}
