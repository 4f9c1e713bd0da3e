import type { EngineEvent, OutputMap, UpdateSummary } from "@pulumi/pulumi/automation";
import { serviceKeys, type ServiceName } from "../domain/services";
import { engineFailure } from "../engine/engine-failure";
import type { ReleaseStack } from "../engine/release-stack";

export interface UpResult {
  summary: Pick<UpdateSummary, "result" | "resourceChanges">;
  outputs: OutputMap;
}

/**
 * Sets the new hash for the affected services only, so the others have no diff, and
 * clears their rollback pins: a deploy that really changes a service supersedes its pin.
 */
export async function applyReleaseConfig(
  stack: ReleaseStack,
  affected: ServiceName[],
  commit: string,
): Promise<void> {
  // One CLI call for the hashes; the pins are read from the settings file, not the CLI.
  await stack.setAllConfig(
    Object.fromEntries(
      affected.map((service) => [serviceKeys[service].hashConfig, { value: commit }]),
    ),
  );
  const settings = await stack.serverSettings();
  const pins = affected
    .map((service) => serviceKeys[service].pinConfig)
    .filter((key) => settings.config?.[key] !== undefined);
  if (pins.length > 0) await stack.removeAllConfig(pins);
}

export async function upStack(
  stack: ReleaseStack,
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
