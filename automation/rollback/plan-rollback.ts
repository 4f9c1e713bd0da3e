import type { ReleaseManifest } from "../domain/release";
import type { ServiceName } from "../domain/services";
import { currentLive, type CurrentLive } from "../journal/current-live";
import type { Journal } from "../journal/journal";
import { notFound } from "../plugins/http-error";

export interface PointerChange {
  service: ServiceName;
  /** The release whose build the service runs now. */
  fromTag: number;
  from: string;
  to: string;
  /** The hash the service's health must report once moved. */
  gitHash: string;
}

export interface RollbackPlan {
  stack: string;
  target: ReleaseManifest;
  live: CurrentLive;
  changes: PointerChange[];
  /** Services already on the target's pointer. */
  unchanged: ServiceName[];
}

/**
 * Resolves the target release (named, or the one before the newest release the services
 * run) and which pointers would move. Unknown targets are a 404 naming them.
 */
export function planRollback(
  journal: Journal,
  stack: string,
  services: ServiceName[],
  to?: number,
): RollbackPlan {
  const live = currentLive(journal, stack);
  if (!live)
    throw notFound(`stack ${stack} has no release yet: nothing to roll back`, "no_release");
  let target: ReleaseManifest | undefined;
  if (to !== undefined) {
    target = journal.getRelease(stack, to);
    if (!target)
      throw notFound(`release ${to} of stack ${stack} does not exist`, "release_not_found");
  } else {
    const liveTag = Math.max(...services.map((service) => live.services[service].tag));
    target = journal
      .listReleases(stack)
      .filter((release) => release.tag < liveTag)
      .at(-1);
    if (!target) {
      throw notFound(
        `stack ${stack} has no release before ${liveTag} to roll ${services.join(", ")} back to`,
        "release_not_found",
      );
    }
  }
  const changes: PointerChange[] = [];
  const unchanged: ServiceName[] = [];
  for (const service of services) {
    const now = live.services[service];
    const then = target.services[service];
    if (now.pointer === then.pointer) unchanged.push(service);
    else
      changes.push({
        service,
        fromTag: now.tag,
        from: now.pointer,
        to: then.pointer,
        gitHash: then.gitHash,
      });
  }
  return { stack, target, live, changes, unchanged };
}

/** The plan as users see it, in a dry run, a no-op answer and the journal. */
export function describePlan(plan: RollbackPlan) {
  return {
    to: plan.target.tag,
    changes: plan.changes,
    unchanged: plan.unchanged,
  };
}
