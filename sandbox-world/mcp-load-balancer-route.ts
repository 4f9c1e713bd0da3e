import { DescribeServicesCommand, ListServicesCommand, type ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { drawWeighted } from "./weighted-draw";

/**
 * Routes one request like mcp's ALB: the load balancer's listener forwards to a target
 * group drawn by its weight, whose tasks are those of the cluster's service registered to
 * it. Answers the task definition that service runs; nothing is cached, so a weight moved
 * by ModifyListener shows on the next request.
 */
export async function drawMcpTaskDefinition(
  clients: { elbv2: ElasticLoadBalancingV2Client; ecs: ECSClient },
  cluster: string,
  loadBalancerName: string,
): Promise<string> {
  const { LoadBalancers } = await clients.elbv2.send(
    new DescribeLoadBalancersCommand({ Names: [loadBalancerName] }),
  );
  const { Listeners } = await clients.elbv2.send(
    new DescribeListenersCommand({ LoadBalancerArn: LoadBalancers?.[0]?.LoadBalancerArn }),
  );
  const groups = Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups ?? [];
  const targetGroup = drawWeighted(
    groups.map((group) => ({ value: group.TargetGroupArn, weight: group.Weight ?? 1 })),
  );
  const { serviceArns } = await clients.ecs.send(new ListServicesCommand({ cluster }));
  const { services } = await clients.ecs.send(
    new DescribeServicesCommand({ cluster, services: serviceArns }),
  );
  const service = services?.find((candidate) =>
    candidate.loadBalancers?.some((lb) => lb.targetGroupArn === targetGroup),
  );
  if (!service?.taskDefinition)
    throw new Error(`no service of ${cluster} is registered to target group ${targetGroup}`);
  return service.taskDefinition;
}
