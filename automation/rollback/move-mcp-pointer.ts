import { DescribeServicesCommand, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { AwsClients } from "../aws/aws-clients";
import type { StackOutputs } from "../domain/stack-outputs";
import type { PointerMove } from "./pointer-move";

/** Points the ECS service at an earlier task definition revision; ECS rolls the tasks. */
export async function moveMcpPointer(
  aws: AwsClients,
  outputs: StackOutputs,
  taskDefinition: string,
): Promise<PointerMove> {
  const target = { cluster: outputs.mcpClusterName, service: outputs.mcpServiceName };
  const described = await aws.ecs.send(
    new DescribeServicesCommand({ cluster: target.cluster, services: [target.service] }),
  );
  const from = described.services?.[0]?.taskDefinition ?? "";
  if (from === taskDefinition) return { service: "mcp", from, to: taskDefinition, moved: false };
  const updated = await aws.ecs.send(new UpdateServiceCommand({ ...target, taskDefinition }));
  if (updated.service?.taskDefinition !== taskDefinition) {
    throw new Error(
      `service ${target.service} runs ${updated.service?.taskDefinition} after moving it to ${taskDefinition}`,
    );
  }
  return { service: "mcp", from, to: taskDefinition, moved: true };
}
