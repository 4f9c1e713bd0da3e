import { invalid, notFound } from "../domain/domain-error";
import type { ReleaseManifest } from "../domain/release";
import type { ServiceName } from "../domain/services";
import { currentLive, type CurrentLive } from "../journal/current-live";
import type { BadRelease, Journal } from "../journal/journal";

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
  /** Why the target is a bad release for some of the services, when it was named anyway. */
  bad: BadRelease[];
}

/** Whether a service runs anything but the target's build: another pointer, or extra weights. */
const differs = (live: CurrentLive, target: ReleaseManifest, service: ServiceName) =>
  live.services[service].pointer !== target.services[service].pointer ||
  live.services[service].weights !== undefined;

/**
 * The default target: the newest release older than what the services run that was
 * never rolled back for any of them. A service on a build no release has (an
 * unfinished deploy's, or one set by hand) runs something newer than its release, so
 * that release itself qualifies.
 */
function defaultTarget(
  releases: ReleaseManifest[],
  live: CurrentLive,
  services: ServiceName[],
  bad: BadRelease[],
): ReleaseManifest | undefined {
  const newest = Math.max(
    ...services.map((s) => live.services[s].tag + (live.services[s].unreleased ? 0.5 : 0)),
  );
  const isBad = (tag: number) => bad.some((b) => b.tag === tag && services.includes(b.service));
  return releases.filter((r) => r.tag < newest && !isBad(r.tag)).at(-1);
}

/**
 * Resolves the target release (named, or the default above) and which pointers would
 * move. Unknown targets are a 404 naming them.
 */
export async function planRollback(
  journal: Journal,
  stack: string,
  services: ServiceName[],
  to?: number,
): Promise<RollbackPlan> {
  const live = await currentLive(journal, stack);
  if (!live)
    throw notFound(`stack ${stack} has no release yet: nothing to roll back`, "no_release");
  const badReleases = await journal.badReleases(stack);
  let target: ReleaseManifest | undefined;
  if (to !== undefined) {
    target = await journal.getRelease(stack, to);
    if (!target)
      throw notFound(`release ${to} of stack ${stack} does not exist`, "release_not_found");
  } else {
    target = defaultTarget(await journal.listReleases(stack), live, services, badReleases);
    if (!target) {
      throw notFound(
        `stack ${stack} has no good release before what ${services.join(", ")} run to roll back to`,
        "release_not_found",
      );
    }
  }
  const changes: PointerChange[] = [];
  const unchanged: ServiceName[] = [];
  for (const service of services) {
    const now = live.services[service];
    const then = target.services[service];
    if (!differs(live, target, service)) unchanged.push(service);
    else
      changes.push({
        service,
        fromTag: now.tag,
        from: now.pointer,
        to: then.pointer,
        gitHash: then.gitHash,
      });
  }
  const tag = target.tag;
  const bad = badReleases.filter(
    (b) => b.tag === tag && changes.some((change) => change.service === b.service),
  );
  return { stack, target, live, changes, unchanged, bad };
}

/** Why going back to a bad release needs `allowBad`, or nothing when it is not one. */
export function badTargetReason(plan: RollbackPlan): string | undefined {
  if (plan.bad.length === 0) return undefined;
  const why = plan.bad.map((b) => `${b.service}: ${b.reason} by ${b.by} at ${b.at}`).join("; ");
  return `release ${plan.target.tag} was rolled back (${why}); going back to it needs "allowBad": true`;
}

/** Refuses a plan that goes back to a bad release unless the request allows it. */
export function requireAllowed(plan: RollbackPlan, allowBad: boolean | undefined): void {
  const reason = badTargetReason(plan);
  if (reason && allowBad !== true) throw invalid("bad_release", reason, describePlan(plan));
}

/** The plan as users see it, in a dry run, a no-op answer and the journal. */
export function describePlan(plan: RollbackPlan) {
  return {
    to: plan.target.tag,
    changes: plan.changes,
    unchanged: plan.unchanged,
    ...(plan.bad.length > 0 ? { bad: plan.bad } : {}),
  };
}
