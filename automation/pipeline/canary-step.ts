import { serviceKeys } from "../domain/services";
import type { ReleaseStack } from "../engine/release-stack";
import type { StackOutputs } from "../domain/stack-outputs";
import type { CurrentLive } from "../journal/current-live";
import type { StepRecorder } from "../operations/step-recorder";
import type { MoveContext } from "../rollback/journaled-move";
import {
  abortCanary,
  bakeCanary,
  promoteCanary,
  startCanary,
  type BakeResult,
  type CanarySettings,
  type CanaryVersions,
} from "./canary";
import { PipelineError } from "./pipeline-error";

/** Before `up`: alias `live` stays on the stable version while the new one is published. */
export async function holdApiAlias(stack: ReleaseStack, live: CurrentLive): Promise<void> {
  await stack.setConfig(serviceKeys.api.pinConfig, { value: live.services.api.pointer });
}

/**
 * The `canary` step: weight to the new version, bake with health probes, then promote
 * (the pin goes and state is refreshed to the promoted alias) or remove the weight.
 */
export async function runCanaryStep(input: {
  moves: MoveContext;
  stack: ReleaseStack;
  outputs: StackOutputs;
  live: CurrentLive;
  commit: string;
  canary: CanarySettings;
  probeIntervalMs: number;
  recorder: StepRecorder;
  signal: AbortSignal;
}): Promise<{ result: BakeResult; versions: CanaryVersions }> {
  const { moves, stack, outputs, live, canary, signal } = input;
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
      await stack.removeConfig(serviceKeys.api.pinConfig);
      await stack.refresh({ signal, runProgram: true });
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
