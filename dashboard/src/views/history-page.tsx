import { useCallback } from "preact/hooks";
import { readStack } from "../api/stack-reads";
import { useLoader } from "../hooks/use-loader";
import { formatTime, shortHash } from "../model/format";
import { stackHistory, type HistoryEntry } from "../model/history";
import { hrefOf } from "../routing";
import type { Session } from "../session/use-session";
import { ErrorNotice } from "../ui/error-notice";
import { StatusBadge } from "../ui/status-badge";

const operationLink = (id: string, label: string) => (
  <a href={hrefOf({ page: "operation", id })}>{label}</a>
);

function Entry({ entry }: { entry: HistoryEntry }) {
  switch (entry.kind) {
    case "release": {
      const { release } = entry;
      const bad = Object.entries(release.bad);
      return (
        <li class={`release ${bad.length > 0 ? "bad" : ""}`} data-tag={release.tag}>
          <h3>
            Release {release.tag}
            {bad.length > 0 && <span class="badge status-failed">bad</span>}
          </h3>
          <p>
            Commit <code title={release.commit}>{shortHash(release.commit)}</code> · changed:{" "}
            {entry.changed.join(", ") || "nothing"} · {formatTime(release.createdAt)} by{" "}
            {entry.by ?? "unknown"} · {operationLink(release.deploymentId, "deploy")}
          </p>
          {bad.map(([service, mark]) => (
            <p key={service} class="warning">
              {service} rolled back by {mark.by} at {formatTime(mark.at)}: {mark.reason} (
              {operationLink(mark.operationId, "operation")})
            </p>
          ))}
        </li>
      );
    }
    case "rollback": {
      const { operation } = entry;
      return (
        <li class="rollback">
          <h3>
            Rollback
            {operation.releaseTag !== undefined ? ` to release ${operation.releaseTag}` : ""}{" "}
            <StatusBadge status={operation.status} />
          </h3>
          <p>
            {operation.affectedServices.join(", ") || "no service"} ·{" "}
            {formatTime(operation.createdAt)} by {operation.requestedBy} ·{" "}
            {operationLink(operation.id, "operation")}
          </p>
          {operation.error && <p class="warning">{operation.error.message}</p>}
        </li>
      );
    }
    case "aborted-deploy": {
      const { operation } = entry;
      return (
        <li class="aborted">
          <h3>
            Deploy without a release <StatusBadge status={operation.status} />
          </h3>
          <p>
            {formatTime(operation.createdAt)} by {operation.requestedBy} ·{" "}
            {operationLink(operation.id, "operation")}
          </p>
          {operation.error && (
            <p class="warning">
              <code>{operation.error.code}</code> {operation.error.message}
            </p>
          )}
        </li>
      );
    }
  }
}

/** A stack's releases and rollbacks, newest first, with the bad ones marked and why. */
export function HistoryPage({ session, stack }: { session: Session; stack: string }) {
  const load = useCallback(
    (signal: AbortSignal) => readStack(session.client, stack, signal),
    [session, stack],
  );
  const { data, error } = useLoader(load, stack, 10_000);
  const entries = data ? stackHistory(data.releases, [...data.deploys, ...data.rollbacks]) : [];
  return (
    <main>
      <h1>Release history of {stack}</h1>
      <ErrorNotice error={error} />
      {data && entries.length === 0 && <p>No release yet.</p>}
      <ol class="history">
        {entries.map((entry) => (
          <Entry
            key={entry.kind === "release" ? `release-${entry.release.tag}` : entry.operation.id}
            entry={entry}
          />
        ))}
      </ol>
    </main>
  );
}
