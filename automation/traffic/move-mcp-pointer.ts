import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { LiveService } from "../domain/live-state";
import { journaledMove, type MoveContext } from "./journaled-move";
import type { PointerMove } from "./pointer-move";
import { readPointer } from "./read-pointer";

/** Points the ECS service at an earlier task definition revision; ECS rolls the tasks. */
export async function moveMcpPointer(
  context: MoveContext,
  target: LiveService,
  bad?: Parameters<typeof journaledMove>[1]["bad"],
): Promise<PointerMove> {
  const { outputs, aws } = context;
  const taskDefinition = target.pointer;
  const from = (await readPointer(aws, outputs, "mcp")).pointer;
  if (from === taskDefinition) return { service: "mcp", from, to: taskDefinition, moved: false };
  await journaledMove(
    context,
    { service: "mcp", from, to: taskDefinition, target, bad },
    async () => {
      const updated = await aws.ecs.send(
        new UpdateServiceCommand({
          cluster: outputs.mcpClusterName,
          service: outputs.mcpServiceName,
          taskDefinition,
        }),
      );
      if (updated.service?.taskDefinition !== taskDefinition) {
        throw new Error(
          `service ${outputs.mcpServiceName} runs ${updated.service?.taskDefinition} after moving it to ${taskDefinition}`,
        );
      }
    },
  );
  return { service: "mcp", from, to: taskDefinition, moved: true };
}
