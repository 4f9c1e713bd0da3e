import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { McpBlueGreenOutputs, McpSide } from "../../automation/domain/mcp-blue-green-outputs";
import { forwardAction } from "../../automation/traffic/mcp-listener-weights";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { defaultNetwork } from "../../sandbox-world/release-project/infra/default-subnets";

export interface McpPairInEmulator {
  cluster: string;
  pair: McpBlueGreenOutputs;
  /** The revision each side's service runs. */
  taskDefinitions: Record<McpSide, string>;
}

/**
 * mcp's blue/green pair made directly in the emulator, as the program makes it: a load
 * balancer whose listener gives blue all the weight, a target group and a service per
 * side, blue on the stable build and green on the new one.
 */
export async function createMcpPairInEmulator(
  endpoint: string,
  name: string,
  hashes: Record<McpSide, string>,
): Promise<McpPairInEmulator> {
  const elbv2 = new ElasticLoadBalancingV2Client(awsClientConfig(endpoint));
  const ecs = new ECSClient(awsClientConfig(endpoint));
  const network = await defaultNetwork(endpoint, "us-east-1");
  const lb = await elbv2.send(
    new CreateLoadBalancerCommand({ Name: name, Subnets: network.subnetIds }),
  );
  const loadBalancerArn = lb.LoadBalancers![0]!.LoadBalancerArn!;
  const targetGroup = async (side: McpSide) => {
    const created = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: `${name}-${side}`,
        VpcId: network.vpcId,
        Protocol: "HTTP",
        Port: 8080,
        TargetType: "ip",
      }),
    );
    return created.TargetGroups![0]!.TargetGroupArn!;
  };
  const targetGroups = { blue: await targetGroup("blue"), green: await targetGroup("green") };
  const listener = await elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Protocol: "HTTP",
      Port: 80,
      DefaultActions: [forwardAction(targetGroups, { blue: 100, green: 0 })],
    }),
  );
  await ecs.send(new CreateClusterCommand({ clusterName: name }));
  const serviceOf = async (side: McpSide) => {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: name,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        containerDefinitions: [{ name: "mcp", image: `mcp:${hashes[side]}` }],
      }),
    );
    const taskDefinition = registered.taskDefinition!.taskDefinitionArn!;
    await ecs.send(
      new CreateServiceCommand({
        cluster: name,
        serviceName: `${name}-${side}`,
        taskDefinition,
        desiredCount: side === "blue" ? 1 : 0,
        launchType: "FARGATE",
        loadBalancers: [
          { targetGroupArn: targetGroups[side], containerName: "mcp", containerPort: 8080 },
        ],
      }),
    );
    return taskDefinition;
  };
  const taskDefinitions = { blue: await serviceOf("blue"), green: await serviceOf("green") };
  const suffix = (arn: string, kind: string) => `${kind}/${arn.split(`:${kind}/`)[1]}`;
  return {
    cluster: name,
    taskDefinitions,
    pair: {
      liveSide: "blue",
      listenerArn: listener.Listeners![0]!.ListenerArn!,
      targetGroups,
      serviceNames: { blue: `${name}-blue`, green: `${name}-green` },
      loadBalancerArnSuffix: suffix(loadBalancerArn, "loadbalancer").replace(/^loadbalancer\//, ""),
      targetGroupArnSuffixes: {
        blue: suffix(targetGroups.blue, "targetgroup"),
        green: suffix(targetGroups.green, "targetgroup"),
      },
    },
  };
}
