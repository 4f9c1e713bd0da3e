import { PipelineError } from "../domain/operation-error";
import { rolledOutByUp, rolloutOf, type DeployRun } from "./deploy-run";
import type { DeployFailure } from "./roll-back-deploy";
import { abortCanary, weighCanary } from "./rollout/alias-weights";
import { apiJudge } from "./rollout/api-judge";
import { canaryLook, type RolloutAnswers } from "./rollout/canary-look";
import { journaledRollout } from "./rollout/journaled-rollout";
import { httpProbe } from "./probes/http-probe";
import { firingAlarms } from "./watch-alarms";

/**
 * The `rollout` step: alias `live`'s weight moves to the new api version step by step
 * (pipeline/rollout/), each step held, looked at and judged, until it has all traffic.
 * Stopped by a look, a judgement or `abort`, the build has served users: a bad release.
 */
export async function rolloutStep(run: DeployRun): Promise<DeployFailure | undefined> {
  const strategy = rolloutOf(run, "api");
  const { input, live, outputs, held, moves } = run;
  if (!strategy || !live) return undefined;
  const stable = live.services.api;
  // `up` published the new version while alias `live` was held on the stable one.
  if (!outputs.apiPublishedVersion)
    throw new PipelineError("rollout_failed", "the program reports no apiPublishedVersion output");
  const versions = {
    stable: { version: stable.pointer, gitHash: stable.gitHash },
    canary: { version: outputs.apiPublishedVersion, gitHash: run.commit },
  };
  const answers: RolloutAnswers = { probes: 0, canaryAnswers: 0, stableAnswers: 0 };
  const { aws, signal } = input;
  const incident = input.incident !== undefined;
  const rules = run.rollout.analysis;
  const judge =
    rules &&
    apiJudge({
      cloudwatch: aws.cloudwatch,
      functionName: outputs.apiFunctionName,
      alias: outputs.apiAliasName,
      versions,
      rules,
      incident,
      signal,
    });
  const result = await journaledRollout(run, {
    service: "api",
    strategy,
    split: {
      weigh: (weight) => weighCanary(moves, stable, versions, weight),
      restore: () => abortCanary(moves, stable),
    },
    look: canaryLook({
      live: httpProbe("api", outputs.healthUrls.api),
      ...(outputs.apiCandidateHealthUrl && {
        candidate: httpProbe("api", outputs.apiCandidateHealthUrl),
      }),
      hashes: { stable: stable.gitHash, canary: run.commit },
      answers,
      firing: (alarmSignal) => firingAlarms(aws.cloudwatch, outputs.alarmNames.api, alarmSignal),
      incident,
    }),
    answers,
    ...(judge && { judge }),
    detail: { stable: versions.stable.version, canary: versions.canary.version },
  });
  // The canary is the api's build of this release from its first weight on, bad or not.
  if (result.reached > 0) outputs.pointers.api = versions.canary.version;
  if (!result.promoted) {
    const reason = `the api rollout (version ${versions.canary.version}) stopped at ${result.reached} %: ${result.failure.message}`;
    return {
      code: result.failure.code,
      message: `${reason}; alias live goes back to version ${versions.stable.version}`,
      badReason: reason,
      tookTraffic: [...rolledOutByUp(run), "api"],
      neverServed: held.filter((service) => service !== "api"),
      badBuild: result.reached > 0,
    };
  }
  return undefined;
}
