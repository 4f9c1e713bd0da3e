import { DescribeListenersCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import type { AwsClients } from "../aws/aws-clients";
import {
  otherMcpSide as other,
  type McpBlueGreenOutputs,
  type McpSide,
} from "../domain/mcp-blue-green-outputs";
import { weightsOf, type McpWeights } from "./mcp-listener-weights";

/** The weights mcp's listener gives each side now, as percents. */
export async function readMcpWeights(
  aws: AwsClients,
  pair: McpBlueGreenOutputs,
): Promise<McpWeights> {
  const { Listeners } = await aws.elbv2.send(
    new DescribeListenersCommand({ ListenerArns: [pair.listenerArn] }),
  );
  return weightsOf(Listeners?.[0]?.DefaultActions, pair.targetGroups);
}

/**
 * mcp's pointer as the journal keeps it, like the api's alias: the task definition of the
 * stable side, plus the other side's task definition with its share of the traffic when
 * it has any. The stable side is the live one the outputs name, unless the listener gives
 * it nothing (a rollout promoted since the last `up`): then the other side serves alone.
 */
export function mcpPairPointer(
  weights: McpWeights,
  taskDefinitions: Record<McpSide, string>,
  liveSide: McpSide,
): { pointer: string; weights?: Record<string, number> } {
  const stable = weights[liveSide] > 0 ? liveSide : other(liveSide);
  const share = weights[other(stable)];
  return {
    pointer: taskDefinitions[stable],
    ...(share > 0 ? { weights: { [taskDefinitions[other(stable)]]: share / 100 } } : {}),
  };
}

/** Reads the listener's weights and each side's task definition, as mcpPairPointer puts them. */
export async function readMcpPairPointer(
  aws: AwsClients,
  cluster: string,
  pair: McpBlueGreenOutputs,
): Promise<{ pointer: string; weights?: Record<string, number> }> {
  const weights = await readMcpWeights(aws, pair);
  const { services } = await aws.ecs.send(
    new DescribeServicesCommand({
      cluster,
      services: [pair.serviceNames.blue, pair.serviceNames.green],
    }),
  );
  const taskDefinition = (side: McpSide) =>
    services?.find((service) => service.serviceName === pair.serviceNames[side])?.taskDefinition ??
    "";
  return mcpPairPointer(
    weights,
    { blue: taskDefinition("blue"), green: taskDefinition("green") },
    pair.liveSide,
  );
}
