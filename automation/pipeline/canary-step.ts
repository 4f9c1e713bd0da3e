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
