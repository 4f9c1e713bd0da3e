import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { awsxLoadBalancerAliases } from "./awsx-load-balancer-aliases";
import { mcpSides, type McpSide } from "./mcp-sides";
import type { McpNetwork } from "./network";

export interface McpLoadBalancer {
  loadBalancer: aws.lb.LoadBalancer;
  listener: aws.lb.Listener;
  targetGroups: Record<McpSide, aws.lb.TargetGroup>;
}

const tags = { Service: "mcp" };

/**
 * The listener's weights as the program declares them: all traffic to the live side. A
 * rollout moves them with ModifyListener between `up`s (automation/traffic/), under the
 * stack's lock, and records the side it ends on in the stack's settings, so the next
 * `up` declares what AWS already has.
 */
export function liveSideWeights(liveSide: McpSide): Record<McpSide, number> {
  return { blue: liveSide === "blue" ? 100 : 0, green: liveSide === "green" ? 100 : 0 };
}

/**
 * An application load balancer whose one listener forwards to two target groups, blue
 * and green, by weight: ALB's weighted target groups, each side's ECS service registered
 * to its own group (see docs/architecture.md, "mcp blue/green").
 */
export function createMcpLoadBalancer(
  name: string,
  args: { network: McpNetwork; containerPort: number; liveSide: McpSide },
  parent: pulumi.Resource,
): McpLoadBalancer {
  const { network, containerPort } = args;
  const aliases = awsxLoadBalancerAliases(`${name}-lb`, parent);
  // The inputs awsx gave it, and no more, so an existing stack's load balancer is unchanged.
  const loadBalancer = new aws.lb.LoadBalancer(
    `${name}-lb`,
    {
      loadBalancerType: "application",
      subnets: network.publicSubnetIds,
      securityGroups: [network.loadBalancerSecurityGroup.id],
      tags,
    },
    { parent, aliases: aliases.loadBalancer },
  );
  // Blue is the target group the one service was registered to before blue/green.
  const targetGroup = (side: McpSide) =>
    new aws.lb.TargetGroup(
      `${name}-${side}`,
      {
        vpcId: network.vpcId,
        port: containerPort,
        protocol: "HTTP",
        targetType: "ip",
        deregistrationDelay: 30,
        healthCheck: { path: "/health", matcher: "200", interval: 15, healthyThreshold: 2 },
        tags,
      },
      { parent, aliases: side === "blue" ? aliases.targetGroup : [] },
    );
  const targetGroups = { blue: targetGroup("blue"), green: targetGroup("green") };
  const weights = liveSideWeights(args.liveSide);
  const listener = new aws.lb.Listener(
    `${name}-http`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [
        {
          type: "forward",
          forward: {
            targetGroups: mcpSides.map((side) => ({
              arn: targetGroups[side].arn,
              weight: weights[side],
            })),
          },
        },
      ],
      tags,
    },
    { parent, aliases: aliases.listener },
  );
  return { loadBalancer, listener, targetGroups };
}
