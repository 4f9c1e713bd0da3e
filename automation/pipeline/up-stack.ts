import type { EngineEvent, OutputMap, Stack, UpdateSummary } from "@pulumi/pulumi/automation";
import { serviceKeys, type ServiceName } from "../domain/services";
import { engineFailure } from "../engine/engine-failure";

export interface UpResult {
  summary: Pick<UpdateSummary, "result" | "resourceChanges">;
  outputs: OutputMap;
}

/**
 * Sets the new hash for the affected services only, so the others have no diff, and
 * clears their rollback pins: a deploy that really changes a service supersedes its pin.
 */
export async function applyReleaseConfig(
  stack: Stack,
  affected: ServiceName[],
  commit: string,
): Promise<void> {
  const config = await stack.getAllConfig();
  for (const service of affected) {
    const { hashConfig, pinConfig } = serviceKeys[service];
    await stack.setConfig(hashConfig, { value: commit });
    if (pinConfig in config) await stack.removeConfig(pinConfig);
  }
}

export async function upStack(
  stack: Stack,
  options: { signal: AbortSignal; onEvent: (event: EngineEvent) => void },
): Promise<UpResult> {
  try {
    const result = await stack.up({ onEvent: options.onEvent, signal: options.signal });
    return {
      summary: { result: result.summary.result, resourceChanges: result.summary.resourceChanges },
      outputs: result.outputs,
    };
  } catch (error) {
    throw engineFailure(error, options.signal);
  }
}
