import type { CurrentLive } from "../../journal/current-live";
import type { MoveContext } from "../../traffic/journaled-move";
import { setWebCohort } from "../../traffic/set-web-cohort";
import { newBuild, shiftTraffic } from "../shift-traffic";
import type { TrafficSplit } from "./run-rollout";

/**
 * The web's traffic shared by cohorts (docs/architecture.md, "Web cohort canary"): below
 * 100 %, one write of the cohort store gives that share of viewers the new release's
 * prefix. At 100 % the distribution's origin path moves to it first (with its
 * invalidation), then the cohort is emptied: in that order no viewer of the canary's
 * cohort goes back to the old release. Restoring empties the cohort.
 */
export function webCohortSplit(
  context: MoveContext,
  live: CurrentLive,
  commit: string,
): TrafficSplit {
  const stable = live.services.web;
  return {
    async weigh(weight) {
      if (weight < 100) return setWebCohort(context, stable, { release: commit, weight });
      await shiftTraffic(context, live, ["web"], commit);
      const promoted = newBuild(context, live, "web", commit);
      await setWebCohort(context, promoted, { release: commit, weight: 0 });
    },
    restore: () => setWebCohort(context, stable, { release: commit, weight: 0 }),
  };
}
