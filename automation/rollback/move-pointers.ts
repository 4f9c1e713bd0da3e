import type { AwsClients } from "../aws/aws-clients";
import type { ServiceRelease } from "../domain/release";
import { serviceKeys, type ServiceName } from "../domain/services";
import type { ReleaseStack } from "../engine/release-stack";
import type { StackOutputs } from "../domain/stack-outputs";
import { moveApiPointer } from "./move-api-pointer";
import { moveMcpPointer } from "./move-mcp-pointer";
import { moveWebPointer } from "./move-web-pointer";
import { PipelineError } from "../pipeline/pipeline-error";
import type { PointerMove } from "./pointer-move";

/** Where each service's pointer goes: a release's, or what was live before a failed deploy. */
export interface PointerTarget {
  services: Record<ServiceName, Pick<ServiceRelease, "pointer">>;
}

/** Some pointers moved, one failed, the rest were not tried: the journal shows which. */
export class PartialRollbackError extends PipelineError {
  constructor(
    readonly moves: PointerMove[],
    readonly failed: { service: ServiceName; message: string },
    notMoved: ServiceName[],
  ) {
    const moved = moves.filter((move) => move.moved).map((move) => move.service);
    super(
      "rollback_incomplete",
      `moving ${failed.service} failed: ${failed.message}; moved: ${moved.join(", ") || "none"}; not moved: ${notMoved.join(", ")}`,
      { moves, failed, notMoved },
    );
  }
}

/**
 * Moves each service's pointer to the target release: alias, task definition, web
 * origin path. Never a rebuild. Stops at the first failure and reports which moved.
 */
export async function movePointers(
  aws: AwsClients,
  outputs: StackOutputs,
  target: PointerTarget,
  services: ServiceName[],
  idempotencyKey: string,
): Promise<PointerMove[]> {
  const moves: PointerMove[] = [];
  for (const service of services) {
    const pointer = target.services[service].pointer;
    try {
      if (service === "api") moves.push(await moveApiPointer(aws, outputs, pointer));
      if (service === "mcp") moves.push(await moveMcpPointer(aws, outputs, pointer));
      if (service === "web")
        moves.push(await moveWebPointer(aws, outputs, pointer, `${idempotencyKey}-web`));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new PartialRollbackError(
        moves,
        { service, message },
        services.slice(services.indexOf(service)),
      );
    }
  }
  return moves;
}

/**
 * Records the pins so the next `up` keeps the rolled-back pointers instead of moving
 * them forward again, then refreshes so state agrees with what the pointers now are.
 */
export async function pinAndRefresh(
  stack: ReleaseStack,
  target: PointerTarget,
  services: ServiceName[],
  signal: AbortSignal,
): Promise<void> {
  for (const service of services) {
    await stack.setConfig(serviceKeys[service].pinConfig, {
      value: target.services[service].pointer,
    });
  }
  // Running the program during the refresh recomputes the stack outputs from the moved pointers too.
  await stack.refresh({ signal, runProgram: true });
}
