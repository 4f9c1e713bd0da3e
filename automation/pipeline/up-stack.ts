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
    const result = await stack.up({ onEvent: options.onEvent, signal: options.signal });
    return {
      summary: { result: result.summary.result, resourceChanges: result.summary.resourceChanges },
      outputs: result.outputs,
    };
  } catch (error) {
    throw engineFailure(error, options.signal);
  }
}
