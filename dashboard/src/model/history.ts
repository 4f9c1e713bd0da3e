import {
  serviceNames,
  type OperationView,
  type ReleaseView,
  type ServiceName,
} from "../../../client/types";

/** One line of a stack's history, newest first. */
export type HistoryEntry =
  | {
      kind: "release";
      at: string;
      release: ReleaseView;
      /** Services that got a new build in this release (all of them in the first). */
      changed: ServiceName[];
      by: string | undefined;
    }
  | { kind: "rollback"; at: string; operation: OperationView }
  /** A deploy that made no release: failed (maybe rolled back), cancelled or interrupted. */
  | { kind: "aborted-deploy"; at: string; operation: OperationView };

/** The services whose pointer differs from the release before (by tag). */
export function changedServices(release: ReleaseView, releases: ReleaseView[]): ServiceName[] {
  const previous = releases
    .filter((r) => r.tag < release.tag)
    .reduce<ReleaseView | undefined>(
      (best, r) => (!best || r.tag > best.tag ? r : best),
      undefined,
    );
  return serviceNames.filter(
    (service) =>
      !previous || previous.services[service].pointer !== release.services[service].pointer,
  );
}

/** A deploy whose bake failed is still a release (marked bad); this one never was. */
const endedWithoutRelease = (op: OperationView) =>
  op.kind === "deploy" &&
  op.releaseTag === undefined &&
  ["failed", "cancelled", "interrupted"].includes(op.status);

/**
 * Releases, rollbacks and deploys that never became releases, merged newest first. Who
 * asked for a release comes from its deploy, when that is among `operations`.
 */
export function stackHistory(releases: ReleaseView[], operations: OperationView[]): HistoryEntry[] {
  const byId = new Map(operations.map((op) => [op.id, op]));
  const entries: HistoryEntry[] = [
    ...releases.map((release) => ({
      kind: "release" as const,
      at: release.createdAt,
      release,
      changed: changedServices(release, releases),
      by: byId.get(release.deploymentId)?.requestedBy,
    })),
    ...operations
      .filter((op) => op.kind === "rollback")
      .map((operation) => ({ kind: "rollback" as const, at: operation.createdAt, operation })),
    ...operations.filter(endedWithoutRelease).map((operation) => ({
      kind: "aborted-deploy" as const,
      at: operation.createdAt,
      operation,
    })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
