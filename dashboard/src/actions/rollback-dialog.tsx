import { useState } from "preact/hooks";
import { serviceNames, type DeploymentAcceptedView, type ReleaseView } from "../../../client/types";
import { navigate } from "../routing";
import type { Session } from "../session/use-session";
import { Dialog } from "../ui/dialog";
import { ErrorNotice } from "../ui/error-notice";
import { RollbackDiff } from "./rollback-diff";
import { rollbackBody, useDryRun, type RollbackRequest } from "./use-dry-run";

interface Props {
  session: Session;
  stack: string;
  /** Newest first, as GET /stacks/:stack/releases lists them. */
  releases: ReleaseView[];
  onClose: () => void;
}

type Answer = DeploymentAcceptedView | { noop: true; message: string };

/**
 * A rollback in two steps: the dry run's per-service diff, updated as the choice changes,
 * then an explicit confirmation that sends `confirm: true` for exactly that choice.
 */
export function RollbackDialog({ session, stack, releases, onClose }: Props) {
  const [request, setRequest] = useState<RollbackRequest>({
    services: [...serviceNames],
    to: undefined,
    allowBad: false,
  });
  const dryRun = useDryRun(session.client, stack, request);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const plan = dryRun.plan;
  const needsAllowBad = (plan?.bad?.length ?? 0) > 0;
  const ready = !dryRun.loading && plan && plan.changes.length > 0;
  const confirmable = ready && (!needsAllowBad || request.allowBad);

  const toggle = (service: (typeof serviceNames)[number], on: boolean) =>
    setRequest((before) => ({
      ...before,
      services: serviceNames.filter((s) => (s === service ? on : before.services.includes(s))),
    }));

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { body: answer } = await session.client.post<Answer>(
        `/stacks/${encodeURIComponent(stack)}/rollback`,
        { ...rollbackBody(request), confirm: true },
      );
      if ("noop" in answer) return setNotice(answer.message);
      onClose();
      navigate({ page: "operation", id: answer.deployment.id });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const moving = plan?.changes.map((change) => change.service).join(", ");
  return (
    <Dialog open title={`Roll back ${stack}`} onClose={onClose}>
      <fieldset>
        <legend>Services</legend>
        {serviceNames.map((service) => (
          <label key={service} class="check">
            <input
              type="checkbox"
              checked={request.services.includes(service)}
              onChange={(event) => toggle(service, event.currentTarget.checked)}
            />
            {service}
          </label>
        ))}
      </fieldset>
      <label for="rollback-to">Back to</label>
      <select
        id="rollback-to"
        value={request.to ?? ""}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setRequest((before) => ({ ...before, to: value ? Number(value) : undefined }));
        }}
      >
        <option value="">the newest good release before what runs</option>
        {releases.map((release) => (
          <option key={release.tag} value={release.tag}>
            release {release.tag}
            {Object.keys(release.bad).length > 0 ? " (rolled back before)" : ""}
          </option>
        ))}
      </select>
      <section aria-live="polite" aria-busy={dryRun.loading} class="dry-run">
        <h3>What would change</h3>
        {request.services.length === 0 && <p>Choose at least one service.</p>}
        {dryRun.loading && <p class="muted">Asking the server for the dry run…</p>}
        {plan && <RollbackDiff plan={plan} releases={releases} />}
        <ErrorNotice error={dryRun.error} />
      </section>
      {needsAllowBad && (
        <label class="check">
          <input
            type="checkbox"
            checked={request.allowBad}
            onChange={(event) =>
              setRequest((before) => ({ ...before, allowBad: event.currentTarget.checked }))
            }
          />
          Go back to a release that was rolled back before
        </label>
      )}
      <ErrorNotice error={error} />
      {notice && <p role="status">{notice}</p>}
      <div class="buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          class="danger"
          disabled={!confirmable || busy}
          onClick={() => void confirm()}
        >
          {plan && ready
            ? `Confirm: roll back ${moving} to release ${plan.to}`
            : "Confirm rollback"}
        </button>
      </div>
    </Dialog>
  );
}
