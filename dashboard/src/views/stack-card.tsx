import { useCallback } from "preact/hooks";
import { allows } from "../../../automation/auth/scopes";
import { CancelButton } from "../actions/cancel-button";
import { StackActions } from "../actions/stack-actions";
import { readStack } from "../api/stack-reads";
import { useLoader } from "../hooks/use-loader";
import { formatTime } from "../model/format";
import { wentLive } from "../model/went-live";
import { hrefOf } from "../routing";
import type { Session } from "../session/use-session";
import { ErrorNotice } from "../ui/error-notice";
import { LiveServices } from "./live-services";

/** How often the overview reads a stack again: a release elsewhere shows within seconds. */
const pollMs = 5000;

/** One stack: what runs where, whether journal and AWS agreed, what is running, actions. */
export function StackCard({ session, stack }: { session: Session; stack: string }) {
  const load = useCallback(
    (signal: AbortSignal) => readStack(session.client, stack, signal),
    [session, stack],
  );
  const { data, error, reload } = useLoader(load, stack, pollMs);
  const view = data?.view;
  return (
    <section class="stack card" aria-labelledby={`stack-${stack}`} data-stack={stack}>
      <header>
        <h2 id={`stack-${stack}`}>{stack}</h2>
        <a href={hrefOf({ page: "history", stack })}>Release history</a>
        {data && (
          <StackActions session={session} stack={stack} releases={data.releases} onDone={reload} />
        )}
      </header>
      <ErrorNotice error={error} />
      {!data && !error && <p class="muted">Loading…</p>}
      {view?.running && (
        <p class="running" role="status">
          Running: {view.running.kind} by {view.running.requestedBy} since{" "}
          {formatTime(view.running.since)} —{" "}
          <a href={hrefOf({ page: "operation", id: view.running.operationId })}>follow it</a>
          {allows(session.principal, "deploy") && (
            <CancelButton
              session={session}
              operationId={view.running.operationId}
              onCancelled={reload}
            />
          )}
        </p>
      )}
      {data && view?.live ? (
        <LiveServices
          live={view.live}
          lastRelease={data.releases[0]}
          since={wentLive({
            live: view.live,
            releases: data.releases,
            rollbacks: data.rollbacks,
            deploys: new Map(data.deploys.map((op) => [op.id, op])),
          })}
        />
      ) : (
        view && <p>No release yet: the first deploy makes release 1.</p>
      )}
      {view && (
        <p class={`live-check ${view.liveCheck && !view.liveCheck.agreed ? "warning" : "muted"}`}>
          {view.liveCheck
            ? `AWS check: ${view.liveCheck.summary}`
            : "AWS check: live state has not been read back from AWS yet (a reconcile does)."}
        </p>
      )}
    </section>
  );
}
