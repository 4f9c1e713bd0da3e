import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createExecutionRole } from "./execution-role";
import { createMcpLoadBalancer } from "./load-balancer";
import { createMcpAlarms } from "./mcp-alarms";
import { buildMcpImage } from "./mcp-image";
import { perSide, type McpSide, type PerSide } from "./mcp-sides";
import { createMcpNetwork } from "./network";
import { createSideService } from "./side-service";
import { createMcpTaskDefinition } from "./task-definition";

export interface McpServiceArgs {
  region: string;
  stage: string;
  gitHash: string;
  /** When set, the service keeps running this task definition whatever this deploy builds. */
  pinnedTaskDefinition?: string;
  jwtSecret: pulumi.Input<string>;
  desiredCount?: number;
  /** The side the listener sends all traffic to. */
  liveSide: McpSide;
}

const containerName = "mcp";
const containerPort = 8080;
const tags = { Service: "mcp" };

/**
 * The mcp service on ECS Fargate behind an application load balancer, as a blue/green
 * pair: two services, each registered to its own target group, the listener forwarding
 * by weight (all of it to the live side). Every release builds an image and registers a
 * task definition revision; the live side runs the pin when one is set (a rollback), else
 * the new one. The idle side always runs the new one with no tasks, as alias `candidate`
 * does for the api: a rollout scales it up and moves weight to it. The pin only redirects
 * the live side: the release's image and revision stay declared, so nothing is deleted.
 */
export class McpService extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  /** The live side's service: the one a rollback points at an earlier revision. */
  public readonly serviceName: pulumi.Output<string>;
  public readonly serviceNames: PerSide<string>;
  public readonly taskDefinitionArn: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;
  public readonly healthUrl: pulumi.Output<string>;
  /** The CloudWatch alarms a bake watches once traffic has moved. */
  public readonly alarmNames: pulumi.Output<string[]>;
  public readonly liveSide: pulumi.Output<McpSide>;
  /** The listener whose default action's weights a rollout moves. */
  public readonly listenerArn: pulumi.Output<string>;
  public readonly targetGroupArns: PerSide<string>;
  /** CloudWatch's `LoadBalancer` and `TargetGroup` dimension values, for analysis per side. */
  public readonly loadBalancerArnSuffix: pulumi.Output<string>;
  public readonly targetGroupArnSuffixes: PerSide<string>;

  constructor(name: string, args: McpServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("flightdeck:mcp:McpService", name, args, opts);

    const repository = this.createRepository(name);
    const image = buildMcpImage(name, repository, args.gitHash, this);
    const secret = this.storeSecret(name, args.jwtSecret);
    const executionRole = createExecutionRole(name, secret.arn, this);
    const taskDefinition = createMcpTaskDefinition(
      name,
      {
        region: args.region,
        stage: args.stage,
        gitHash: args.gitHash,
        image: image.repoDigest,
        executionRoleArn: executionRole.arn,
        jwtSecretArn: secret.arn,
        containerName,
        containerPort,
      },
      this,
    );
    const network = createMcpNetwork(name, containerPort, this);
    const balancer = createMcpLoadBalancer(
      name,
      { network, containerPort, liveSide: args.liveSide },
      this,
    );
    const cluster = this.createCluster(name);
    const runningTaskDefinition = pulumi.output(args.pinnedTaskDefinition ?? taskDefinition.arn);
    const side = (which: McpSide) => {
      const live = which === args.liveSide;
      return createSideService(
        name,
        {
          side: which,
          cluster,
          network,
          targetGroup: balancer.targetGroups[which],
          taskDefinitionArn: live ? runningTaskDefinition : taskDefinition.arn,
          desiredCount: live ? (args.desiredCount ?? 2) : 0,
          container: { name: containerName, port: containerPort },
        },
        this,
      );
    };
    const services = { blue: side("blue"), green: side("green") };
    const { loadBalancer, listener, targetGroups } = balancer;

    this.clusterName = cluster.name;
    this.serviceName = services[args.liveSide].service.name;
    this.serviceNames = perSide((which) => services[which].service.name);
    this.taskDefinitionArn = runningTaskDefinition;
    this.url = pulumi.interpolate`http://${loadBalancer.dnsName}/`;
    this.healthUrl = pulumi.interpolate`${this.url}health`;
    this.alarmNames = createMcpAlarms(name, loadBalancer, this);
    this.liveSide = pulumi.output(args.liveSide);
    this.listenerArn = listener.arn;
    this.targetGroupArns = perSide((which) => targetGroups[which].arn);
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.targetGroupArnSuffixes = perSide((which) => targetGroups[which].arnSuffix);
    this.registerOutputs({
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      serviceNames: this.serviceNames,
      taskDefinitionArn: this.taskDefinitionArn,
      url: this.url,
      healthUrl: this.healthUrl,
      alarmNames: this.alarmNames,
      liveSide: this.liveSide,
      listenerArn: this.listenerArn,
      targetGroupArns: this.targetGroupArns,
      loadBalancerArnSuffix: this.loadBalancerArnSuffix,
      targetGroupArnSuffixes: this.targetGroupArnSuffixes,
    });
  }

  private createRepository(name: string) {
    return new aws.ecr.Repository(
      `${name}-repo`,
      {
        // A tag is a git hash: it must always name the same image.
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        tags,
      },
      { parent: this },
    );
  }

  /** The secret reaches the container from Secrets Manager, never through plain task settings. */
  private storeSecret(name: string, value: pulumi.Input<string>) {
    const secret = new aws.secretsmanager.Secret(`${name}-jwt`, { tags }, { parent: this });
    new aws.secretsmanager.SecretVersion(
      `${name}-jwt-value`,
      { secretId: secret.id, secretString: pulumi.secret(value) },
      { parent: this },
    );
    return secret;
  }

  private createCluster(name: string) {
    return new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: "enabled" }], tags },
      { parent: this },
    );
  }
}
