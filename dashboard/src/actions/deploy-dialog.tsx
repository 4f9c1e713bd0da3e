import { useState } from "preact/hooks";
import type { DeploymentAcceptedView } from "../../../client/types";
import { navigate } from "../routing";
import type { Session } from "../session/use-session";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";

interface Props {
  session: Session;
  stack: string;
  /** A preview runs the same first steps and shows the engine's plan; nothing changes. */
  mode: "deploy" | "preview";
  onClose: () => void;
}

/** Starts a deploy (ref, force, optional api canary) or a preview, then opens its page. */
export function DeployDialog({ session, stack, mode, onClose }: Props) {
  const [ref, setRef] = useState("");
  const [force, setForce] = useState(false);
  const [canary, setCanary] = useState(false);
  const [weight, setWeight] = useState(10);
  const [bakeSeconds, setBakeSeconds] = useState(60);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body = {
      ...(ref.trim() ? { ref: ref.trim() } : {}),
      ...(force ? { force } : {}),
      ...(mode === "deploy" && canary ? { canary: { weight, bakeSeconds } } : {}),
    };
    try {
      const {
        body: { deployment },
      } = await session.client.post<DeploymentAcceptedView>(
        `/stacks/${encodeURIComponent(stack)}/${mode}`,
        body,
      );
      onClose();
      navigate({ page: "operation", id: deployment.id });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const verb = mode === "deploy" ? "Deploy" : "Preview";
  return (
    <Dialog open title={`${verb} to ${stack}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <label for="deploy-ref">Ref: a branch, release tag or commit</label>
        <input
          id="deploy-ref"
          autofocus
          maxLength={200}
          placeholder="the tip of the release branch"
          value={ref}
          onInput={(event) => setRef(event.currentTarget.value)}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={force}
            onChange={(event) => setForce(event.currentTarget.checked)}
          />
          Every service, even when nothing deployable changed
        </label>
        {mode === "deploy" && (
          <fieldset>
            <legend>Canary</legend>
            <label class="check">
              <input
                type="checkbox"
                checked={canary}
                onChange={(event) => setCanary(event.currentTarget.checked)}
              />
              Give the new api version a share of traffic first
            </label>
            {canary && (
              <div class="row">
                <label>
                  Weight (%)
                  <input
                    type="number"
                    min={1}
                    max={99}
                    required
                    value={weight}
                    onInput={(event) => setWeight(event.currentTarget.valueAsNumber)}
                  />
                </label>
                <label>
                  Bake (seconds)
                  <input
                    type="number"
                    min={1}
                    max={3600}
                    required
                    value={bakeSeconds}
                    onInput={(event) => setBakeSeconds(event.currentTarget.valueAsNumber)}
                  />
                </label>
              </div>
            )}
          </fieldset>
        )}
        <ErrorNotice error={error} />
        <div class="buttons">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Starting…" : verb}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
