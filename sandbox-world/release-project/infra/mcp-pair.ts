import * as pulumi from "@pulumi/pulumi";
import { FixtureService } from "./ecs-service";
import { elbName } from "./elb-name";
import { FixtureListener } from "./listener";
import { FixtureLoadBalancer } from "./load-balancer";
import { FixtureTargetGroup } from "./target-group";

export type McpSide = "blue" | "green";

type PerSide<T> = pulumi.Output<Record<McpSide, T>>;

export interface McpPair {
  loadBalancer: FixtureLoadBalancer;
  listener: FixtureListener;
  services: Record<McpSide, FixtureService>;
  targetGroups: Record<McpSide, FixtureTargetGroup>;
  perSide<T>(value: (side: McpSide) => pulumi.Input<T>): PerSide<T>;
}

/**
 * mcp's blue/green pair as infra/mcp builds it: a load balancer whose listener forwards
 * to two target groups by weight (all to the live side), and one service per side. The
 * live side runs the pin or the new revision with one task; the idle side runs the new
 * revision with none, until a rollout scales it up. Blue keeps the resource and service
 * name the one service had, so a stack made before blue/green keeps its service.
 */
export function createMcpPair(
  name: string,
  args: {
    cluster: pulumi.Input<string>;
    newTaskDefinition: pulumi.Input<string>;
    runningTaskDefinition: pulumi.Input<string>;
    liveSide: McpSide;
  },
): McpPair {
  const loadBalancer = new FixtureLoadBalancer("mcp-lb", { name: elbName(name) });
  const targetGroup = (side: McpSide) =>
    new FixtureTargetGroup(`mcp-${side}`, {
      name: elbName(`${name}-${side}`),
      vpcId: loadBalancer.vpcId,
    });
  const targetGroups = { blue: targetGroup("blue"), green: targetGroup("green") };
  const listener = new FixtureListener("mcp-http", {
    loadBalancerArn: loadBalancer.arn,
    targetGroups: { blue: targetGroups.blue.arn, green: targetGroups.green.arn },
    liveSide: args.liveSide,
  });
  const service = (side: McpSide) => {
    const live = side === args.liveSide;
    return new FixtureService(side === "blue" ? "mcp-service" : `mcp-${side}-service`, {
      cluster: args.cluster,
      serviceName: side === "blue" ? "mcp" : `mcp-${side}`,
      taskDefinition: live ? args.runningTaskDefinition : args.newTaskDefinition,
      desiredCount: live ? 1 : 0,
      targetGroupArn: targetGroups[side].arn,
    });
  };
  return {
    loadBalancer,
    listener,
    targetGroups,
    services: { blue: service("blue"), green: service("green") },
    perSide: <T>(value: (side: McpSide) => pulumi.Input<T>) =>
      pulumi
        .all([value("blue"), value("green")])
        .apply(([blue, green]) => ({ blue, green }) as Record<McpSide, T>),
  };
}
