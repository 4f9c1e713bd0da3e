import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import type { AwsClients } from "../aws/aws-clients";

/** What one side's service runs: its task definition and how many tasks it wants. */
export async function describeMcpSide(
  aws: AwsClients,
  cluster: string,
  service: string,
): Promise<{ taskDefinition: string; desiredCount: number }> {
  const { services } = await aws.ecs.send(
    new DescribeServicesCommand({ cluster, services: [service] }),
  );
  return {
    taskDefinition: services?.[0]?.taskDefinition ?? "",
    desiredCount: services?.[0]?.desiredCount ?? 0,
  };
}
