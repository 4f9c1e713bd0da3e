import type * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";
import { remoteChildOptions } from "../aws-provider";
import type { McpSide } from "./mcp-sides";
import type { McpNetwork } from "./network";

export interface SideServiceArgs {
  side: McpSide;
  cluster: aws.ecs.Cluster;
  network: McpNetwork;
  targetGroup: aws.lb.TargetGroup;
  taskDefinitionArn: pulumi.Input<string>;
  desiredCount: number;
  container: { name: string; port: number };
}

/**
 * One side's Fargate service, registered to its side's target group. Each side is an
 * ordinary ECS-controlled service, so ECS's circuit breaker still gates every revision
 * it starts. Blue keeps the name the single service had, so a stack made before blue/green
 * keeps its service.
 */
export function createSideService(name: string, args: SideServiceArgs, parent: pulumi.Resource) {
  const { network, container } = args;
  const resourceName = args.side === "blue" ? `${name}-service` : `${name}-${args.side}-service`;
  return new awsx.ecs.FargateService(
    resourceName,
    {
      cluster: args.cluster.arn,
      taskDefinition: args.taskDefinitionArn,
      desiredCount: args.desiredCount,
      networkConfiguration: {
        subnets: network.publicSubnetIds,
        securityGroups: [network.taskSecurityGroup.id],
        assignPublicIp: true,
      },
      loadBalancers: [
        {
          targetGroupArn: args.targetGroup.arn,
          containerName: container.name,
          containerPort: container.port,
        },
      ],
      // A release that never gets healthy is rolled back by ECS itself, and capacity never drops.
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      healthCheckGracePeriodSeconds: 30,
      propagateTags: "SERVICE",
      tags: { Service: "mcp" },
    },
    remoteChildOptions(parent),
  );
}
