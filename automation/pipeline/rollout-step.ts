import { PipelineError } from "../domain/operation-error";
import { rolloutStepName } from "../domain/rollout-command";
import type { RolloutStrategy } from "../settings/rollout-strategy";
import { rolledOutByUp, type DeployRun } from "./deploy-run";
import type { DeployFailure } from "./roll-back-deploy";
import { abortCanary, weighCanary } from "./rollout/alias-weights";
import { runRollout } from "./rollout/run-rollout";
import type { Judgement } from "../analysis/judge-canary";
import { apiJudge } from "./rollout/api-judge";
import { canaryLook, type RolloutAnswers } from "./rollout/canary-look";
import { rolloutCommandReader } from "./rollout/rollout-commands";
import { firingAlarms } from "./watch-alarms";

/** The api goes out step by step when a rollout was asked for and users are on a release to share with. */
export function rolloutOf(run: DeployRun): RolloutStrategy | undefined {
  const { api } = run.rollout;
  return api && run.live && run.held.includes("api") ? api : undefined;
}

/**
 * The `rollout` step: alias `live`'s weight moves to the new api version step by step
 * (pipeline/rollout/), each step held, looked at and judged, until it has all traffic.
 * Stopped by a look, a judgement or `abort`, the build has served users: a bad release.
 */
export async function rolloutStep(run: DeployRun): Promise<DeployFailure | undefined> {
  const strategy = rolloutOf(run);
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
  const { aws, signal, recorder } = input;
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
  let lastJudgement: Judgement | undefined;
  // The name the rollout's commands look for (routes/deployments/rollout-control.ts).
  const result = await recorder.step(
    rolloutStepName,
    () =>
      runRollout({
        service: "api",
        weigh: (percent) => weighCanary(moves, stable, versions, percent),
        restore: () => abortCanary(moves, stable),
        strategy,
        commands: rolloutCommandReader(input.journal, input.operationId),
        answers,
        look: canaryLook({
          service: "api",
          healthUrl: outputs.healthUrls.api,
          hashes: { stable: versions.stable.gitHash, canary: versions.canary.gitHash },
          answers,
          firing: (alarmSignal) =>
            firingAlarms(aws.cloudwatch, outputs.alarmNames.api, alarmSignal),
          incident,
        }),
        lookEveryMs: input.canaryProbeIntervalMs,
        ...(judge && { judge: async (since: Date) => (lastJudgement = await judge(since)) }),
        judgeEveryMs: (rules?.intervalSeconds ?? 60) * 1000,
        emit: (data) => recorder.emit("log", data),
        signal,
      }),
    (r) => ({
      service: "api",
      steps: strategy.steps.map((step) => step.weight),
      reached: r.reached,
      promoted: r.promoted,
      stable: versions.stable.version,
      canary: versions.canary.version,
      ...answers,
      ...(lastJudgement && { judgement: lastJudgement }),
      ...(r.promoted ? {} : { stopped: r.failure.code, reason: r.failure.message }),
    }),
    (r) => r.promoted,
  );
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
