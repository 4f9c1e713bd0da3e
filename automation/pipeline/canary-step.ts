import type { StackOutputs } from "../domain/stack-outputs";
import type { CurrentLive } from "../journal/current-live";
import type { StepRecorder } from "../operations/step-recorder";
import type { MoveContext } from "../traffic/journaled-move";
import {
  abortCanary,
  bakeCanary,
  promoteCanary,
  startCanary,
  type BakeResult,
  type CanarySettings,
  type CanaryVersions,
} from "./canary";
import { PipelineError } from "../domain/operation-error";
import { rolledOutByUp, type DeployRun } from "./deploy-run";
import type { DeployFailure } from "./roll-back-deploy";
import { firingAlarms } from "./watch-alarms";

/**
 * The `canary` step: weight to the new version, bake with health probes and the api's
 * alarms, then promote or remove the weight. The hold on alias `live` is lifted with
 * the other services' once traffic has moved.
 */
export async function runCanaryStep(input: {
  moves: MoveContext;
  outputs: StackOutputs;
  live: CurrentLive;
  commit: string;
  canary: CanarySettings;
  probeIntervalMs: number;
  recorder: StepRecorder;
  signal: AbortSignal;
}): Promise<{ result: BakeResult; versions: CanaryVersions }> {
  const { moves, outputs, live, canary, signal } = input;
  const stable = live.services.api;
  if (!outputs.apiPublishedVersion)
    throw new PipelineError("canary_failed", "the program reports no apiPublishedVersion output");
  const versions: CanaryVersions = {
    stable: { version: live.services.api.pointer, gitHash: live.services.api.gitHash },
    canary: { version: outputs.apiPublishedVersion, gitHash: input.commit },
  };
  const result = await input.recorder.step(
    "canary",
    async () => {
      await startCanary(moves, stable, versions, canary.weight);
      const baked = await bakeCanary(
        outputs.healthUrls.api,
        versions,
        { ...canary, probeIntervalMs: input.probeIntervalMs },
        (alarmSignal) => firingAlarms(moves.aws.cloudwatch, outputs.alarmNames.api, alarmSignal),
        signal,
      ).catch(async (error: unknown) => {
        // Cancelled mid-bake: the stable version gets all traffic back before the step ends.
        await abortCanary(moves, stable);
        throw error;
      });
      if (!baked.healthy) {
        await abortCanary(moves, stable);
        return baked;
      }
      await promoteCanary(moves, stable, versions);
      return baked;
    },
    (r) => ({
      ...r,
      weight: canary.weight,
      bakeSeconds: canary.bakeSeconds,
      stable: versions.stable.version,
      canary: versions.canary.version,
      promoted: r.healthy,
    }),
    (r) => r.healthy,
  );
  return { result, versions };
}

/** The api goes out as a canary when one was asked for and users are on a release to share with. */
export function canaryOf(run: DeployRun): CanarySettings | undefined {
  const { canary } = run.input;
  return canary && run.live && run.held.includes("api") ? canary : undefined;
}

/** The canary, when there is one: a failed bake is a failure the deploy is rolled back from. */
export async function canaryStep(run: DeployRun): Promise<DeployFailure | undefined> {
  const canary = canaryOf(run);
  const { input, live, outputs, held } = run;
  if (!canary || !live) return undefined;
  const { result, versions } = await runCanaryStep({
    moves: run.moves,
    outputs,
    live,
    commit: run.commit,
    canary,
    probeIntervalMs: input.canaryProbeIntervalMs,
    recorder: input.recorder,
    signal: input.signal,
  });
  if (!result.healthy)
    return {
      code: "canary_failed",
      message: `the api canary (version ${versions.canary.version}) failed its bake: ${result.reason}; alias live stays on version ${versions.stable.version}`,
      tookTraffic: [...rolledOutByUp(run), "api"],
      neverServed: held.filter((service) => service !== "api"),
    };
  outputs.pointers.api = versions.canary.version;
  return undefined;
}
