import { allows } from "../../../automation/auth/scopes";
import { rolloutStepName } from "../../../automation/domain/rollout-command";
import { CancelButton } from "../actions/cancel-button";
import { RolloutControls } from "../actions/rollout-controls";
import { useNow } from "../hooks/use-now";
import { useOperation } from "../hooks/use-operation";
import { currentSteps } from "../model/operation-progress";
import { elapsedMs, formatDuration, formatTime, shortHash } from "../model/format";
import { text } from "../model/event-data";
import { hrefOf } from "../routing";
import type { Session } from "../session/use-session";
import { ErrorNotice } from "../ui/error-notice";
import { StatusBadge } from "../ui/status-badge";
import { EngineProgress } from "./engine-progress";
import { PreviewPlan } from "./preview-plan";
import { RolloutPanel } from "./rollout-panel";
import { StepsTimeline } from "./steps-timeline";
import { Verification } from "./verification";

/** One operation: live through its event stream while it runs, complete after. */
export function OperationPage({ session, id }: { session: Session; id: string }) {
  const { operation, progress, live, error } = useOperation(session.client, id);
  const running = operation?.status === "running";
  const now = useNow(running);
  if (!operation) {
    return (
      <main>
        <h1>Operation</h1>
        <ErrorNotice error={error} />
        {!error && <p class="muted">Loading…</p>}
      </main>
    );
  }
  const steps = currentSteps(operation, progress);
  const current = steps.find((step) => step.status === "running");
  const ref = text(operation.request, "ref");
  const rollingOut = running && current?.name === rolloutStepName;
  return (
    <main class="operation" data-status={operation.status}>
      <h1>
        {operation.kind} on{" "}
        <a href={hrefOf({ page: "history", stack: operation.stack })}>{operation.stack}</a>{" "}
        <StatusBadge status={operation.status} />
      </h1>
      <p role="status" aria-live="polite" class="live-status">
        {running
          ? `Running${current ? `: ${current.name}` : ""}${live ? " (live)" : ""}`
          : `Ended ${operation.status} at ${formatTime(operation.finishedAt)}`}
      </p>
      <dl class="facts">
        <dt>Requested by</dt>
        <dd>{operation.requestedBy}</dd>
        <dt>Started</dt>
        <dd>{formatTime(operation.createdAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(elapsedMs(operation.createdAt, operation.finishedAt, now))}</dd>
        {ref && (
          <>
            <dt>Ref</dt>
            <dd>{ref}</dd>
          </>
        )}
        {operation.commit && (
          <>
            <dt>Commit</dt>
            <dd>
              <code title={operation.commit}>{shortHash(operation.commit)}</code>
            </dd>
          </>
        )}
        <dt>Services</dt>
        <dd>{operation.affectedServices.join(", ") || "none yet"}</dd>
        {operation.releaseTag !== undefined && (
          <>
            <dt>{operation.kind === "rollback" ? "Back to release" : "Release"}</dt>
            <dd>{operation.releaseTag}</dd>
          </>
        )}
        {operation.rolledBack && (
          <>
            <dt>Rolled back</dt>
            <dd>yes: the affected services are back on what was live</dd>
          </>
        )}
      </dl>
      {running && allows(session.principal, "deploy") && (
        <CancelButton session={session} operationId={operation.id} />
      )}
      {operation.error && (
        <section class="operation-error" role="alert" aria-labelledby="error-title">
          <h2 id="error-title">Error</h2>
          <p>
            <code class="code">{operation.error.code}</code> {operation.error.message}
          </p>
        </section>
      )}
      <ErrorNotice error={error} />
      <RolloutPanel rollouts={progress.rollouts} now={now} />
      {rollingOut && (
        <RolloutControls
          session={session}
          operationId={operation.id}
          paused={progress.rollouts.some((rollout) => rollout.latest.state === "paused")}
        />
      )}
      <StepsTimeline
        steps={steps}
        startedAt={operation.createdAt}
        finishedAt={operation.finishedAt}
        now={now}
      />
      <Verification steps={steps} />
      {operation.kind === "preview" && <PreviewPlan summary={operation.summary} />}
      <EngineProgress progress={progress} />
      {progress.logs.length > 0 && (
        <section aria-labelledby="log-title">
          <h2 id="log-title">Log</h2>
          <ul class="log">
            {progress.logs.map((entry, index) => (
              <li key={index}>
                {formatTime(entry.at)} {entry.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
