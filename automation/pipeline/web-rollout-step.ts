import { randomInt } from "node:crypto";
import { PipelineError } from "../domain/operation-error";
import { webCohortCookie } from "../traffic/web-cohort";
import { movedByRollouts, rolledOutByUp, rolloutOf, type DeployRun } from "./deploy-run";
import { httpProbe } from "./probes/http-probe";
import type { DeployFailure } from "./roll-back-deploy";
import { canaryLook, type RolloutAnswers } from "./rollout/canary-look";
import { journaledRollout } from "./rollout/journaled-rollout";
import { webCohortSplit } from "./rollout/web-cohort-split";
import { firingAlarms } from "./watch-alarms";

/** A viewer's request in the cohort its cookie names (0 to 99). */
const inCohort = (cohort: () => number) => () => ({ cookie: `${webCohortCookie}=${cohort()}` });

/**
 * The web's `rollout` step: the share of viewers (by the cohort their cookie keeps) on the
 * new release rises step by step, each step held and looked at: the canary's own cohort
 * (0, which every weight includes) and a viewer of a random cohort, as users come. The web
 * has no metrics per release, so its steps are judged by looks and alarms. Stopped, the
 * cohort stays until the deploy's rollback moves the web back (emptying it), so the bad
 * release is recorded with the build it left, as the api's is.
 */
export async function webRolloutStep(run: DeployRun): Promise<DeployFailure | undefined> {
  const strategy = rolloutOf(run, "web");
  const { input, live, outputs, held, moves, commit } = run;
  if (!strategy || !live) return undefined;
  if (!outputs.webCohortStoreArn)
    throw new PipelineError(
      "rollout_failed",
      "the program has no web cohort store (output webCohortStoreArn) to roll the web out on",
    );
  const stable = live.services.web;
  const split = webCohortSplit(moves, live, commit);
  const answers: RolloutAnswers = { probes: 0, canaryAnswers: 0, stableAnswers: 0 };
  const { aws } = input;
  const url = outputs.healthUrls.web;
  const result = await journaledRollout(run, {
    service: "web",
    strategy,
    split,
    look: canaryLook({
      live: httpProbe(
        "web",
        url,
        inCohort(() => randomInt(100)),
      ),
      candidate: httpProbe(
        "web",
        url,
        inCohort(() => 0),
      ),
      hashes: { stable: stable.gitHash, canary: commit },
      answers,
      firing: (signal) => firingAlarms(aws.cloudwatch, outputs.alarmNames.web, signal),
      incident: input.incident !== undefined,
    }),
    answers,
    detail: { stable: stable.pointer, canary: commit },
  });
  if (result.promoted) {
    outputs.pointers.web = commit;
    return undefined;
  }
  const reason = `the web rollout (release ${commit}) stopped at ${result.reached} %: ${result.failure.message}`;
  const served = result.reached > 0 ? (["web"] as const) : [];
  const tookTraffic = [...rolledOutByUp(run), ...movedByRollouts(run), ...served];
  return {
    code: result.failure.code,
    message: `${reason}; every viewer gets release ${stable.pointer} again`,
    badReason: reason,
    tookTraffic,
    neverServed: held.filter((service) => !tookTraffic.includes(service)),
    badBuild: result.reached > 0,
  };
}
