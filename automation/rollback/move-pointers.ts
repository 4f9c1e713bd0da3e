import type { Stack } from "@pulumi/pulumi/automation";
import type { AwsClients } from "../aws/aws-clients";
import type { ReleaseManifest } from "../domain/release";
import { serviceKeys, type ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import { moveApiPointer } from "./move-api-pointer";
import { moveMcpPointer } from "./move-mcp-pointer";
import { moveWebPointer } from "./move-web-pointer";
import type { PointerMove } from "./pointer-move";

export class PartialRollbackError extends Error {
  constructor(
    readonly moves: PointerMove[],
    readonly failed: { service: ServiceName; message: string },
  ) {
    super(`rolling back ${failed.service} failed: ${failed.message}`);
  }
}

/**
 * Moves each service's pointer to the target release: alias, task definition, web
 * origin path. Never a rebuild. Stops at the first failure and reports which moved.
 */
export async function movePointers(
  aws: AwsClients,
  outputs: StackOutputs,
  target: ReleaseManifest,
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
      throw new PartialRollbackError(moves, {
        service,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return moves;
}

/**
 * Records the pins so the next `up` keeps the rolled-back pointers instead of moving
 * them forward again, then refreshes so state agrees with what the pointers now are.
 */
export async function pinAndRefresh(
  stack: Stack,
  target: ReleaseManifest,
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
