import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { LiveService } from "../domain/live-state";
import { journaledMove, type MoveContext } from "./journaled-move";
import type { PointerMove } from "./pointer-move";
import { readPointer } from "./read-pointer";
import { removeMcpWeights } from "./set-mcp-weights";

/** Points the ECS service at an earlier task definition revision; ECS rolls the tasks. */
export async function moveMcpPointer(
  context: MoveContext,
  target: LiveService,
  bad?: Parameters<typeof journaledMove>[1]["bad"],
): Promise<PointerMove> {
  const { outputs, aws } = context;
  const taskDefinition = target.pointer;
  const observed = await readPointer(aws, outputs, "mcp");
  const from = observed.pointer;
  if (from === taskDefinition && observed.weights) {
    // A rollout's share on the idle side: all of it goes back to the live side.
    await removeMcpWeights(context, target, bad);
    return { service: "mcp", from, to: taskDefinition, moved: true };
  }
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
