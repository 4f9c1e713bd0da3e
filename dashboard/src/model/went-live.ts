import {
  serviceNames,
  type OperationView,
  type ReleaseView,
  type ServiceName,
  type StackView,
} from "../../../client/types";

/** When a service started running what it runs now, by whose operation. */
export interface WentLive {
  at: string;
  by: string | undefined;
  operationId: string;
  /** How it got there: its release's deploy, or a rollback that moved it back. */
  how: "release" | "rollback";
}

export interface WentLiveInput {
  live: NonNullable<StackView["live"]>;
  releases: ReleaseView[];
  /** Rollback operations, newest first. */
  rollbacks: OperationView[];
  /** Deploy operations known by id, for who asked for a release. */
  deploys: ReadonlyMap<string, OperationView>;
}

/**
 * Per service: a service runs its release's build since that release, unless a rollback
 * moved it there later; then since the newest rollback that left it on that pointer.
 * Unknown (undefined) when neither is found, e.g. a pointer a reconcile corrected.
 */
export function wentLive(input: WentLiveInput): Record<ServiceName, WentLive | undefined> {
  const { live, releases, rollbacks, deploys } = input;
  const since = (service: ServiceName): WentLive | undefined => {
    const now = live[service];
    const release = releases.find((r) => r.tag === now.tag);
    const fromRelease: WentLive | undefined =
      release && release.services[service].pointer === now.pointer
        ? {
            at: release.createdAt,
            by: deploys.get(release.deploymentId)?.requestedBy,
            operationId: release.deploymentId,
            how: "release",
          }
        : undefined;
    const rollback = rollbacks.find(
      (op) =>
        op.status === "succeeded" &&
        op.affectedServices.includes(service) &&
        op.versions?.[service] === now.pointer,
    );
    const rolledBackAt = rollback && (rollback.finishedAt ?? rollback.createdAt);
    if (rollback && rolledBackAt && (!fromRelease || rolledBackAt > fromRelease.at)) {
      return {
        at: rolledBackAt,
        by: rollback.requestedBy,
        operationId: rollback.id,
        how: "rollback",
      };
    }
    return fromRelease;
  };
  return Object.fromEntries(serviceNames.map((service) => [service, since(service)])) as Record<
    ServiceName,
    WentLive | undefined
  >;
}
