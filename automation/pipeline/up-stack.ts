import type { EngineEvent, OutputMap, UpdateSummary } from "@pulumi/pulumi/automation";
import { engineFailure } from "../engine/engine-failure";
import type { ReleaseStack } from "../engine/release-stack";

export interface UpResult {
  summary: Pick<UpdateSummary, "result" | "resourceChanges">;
  outputs: OutputMap;
}

export async function upStack(
  stack: ReleaseStack,
  options: { signal: AbortSignal; onEvent: (event: EngineEvent) => void },
): Promise<UpResult> {
  try {
    const { resourceChanges, outputs } = await stack.up(options);
    // `up` throws unless the update succeeded.
    return { summary: { result: "succeeded", resourceChanges }, outputs };
  } catch (error) {
    throw engineFailure(error, options.signal);
  }
}
