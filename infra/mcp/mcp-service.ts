import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { remoteChildOptions } from "../aws-provider";
import { createExecutionRole } from "./execution-role";
import { createMcpAlarms } from "./mcp-alarms";
import { buildMcpImage } from "./mcp-image";
import { createMcpNetwork, type McpNetwork } from "./network";
import { createMcpTaskDefinition } from "./task-definition";

export interface McpServiceArgs {
  region: string;
  stage: string;
  gitHash: string;
  /** When set, the service keeps running this task definition whatever this deploy builds. */
  pinnedTaskDefinition?: string;
  jwtSecret: pulumi.Input<string>;
  desiredCount?: number;
}

const containerName = "mcp";
const containerPort = 8080;
const tags = { Service: "mcp" };

/**
 * The mcp service on ECS Fargate behind an application load balancer. Every release
 * builds an image and registers a task definition revision; which revision the service
 * runs is the pin when one is set (a rollback), else the new one. The pin only redirects
 * the service: the release's image and revision stay declared, so nothing is deleted.
 */
export class McpService extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  public readonly taskDefinitionArn: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;
  public readonly healthUrl: pulumi.Output<string>;
  /** The CloudWatch alarms a bake watches once traffic has moved. */
  public readonly alarmNames: pulumi.Output<string[]>;

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
    const loadBalancer = this.createLoadBalancer(name, network);
    const cluster = this.createCluster(name);
    const runningTaskDefinition = pulumi.output(args.pinnedTaskDefinition ?? taskDefinition.arn);
    const service = this.createService(name, args, {
      cluster,
      network,
      loadBalancer,
      taskDefinitionArn: runningTaskDefinition,
    });

    this.clusterName = cluster.name;
    this.serviceName = service.service.name;
    this.taskDefinitionArn = runningTaskDefinition;
    this.url = pulumi.interpolate`http://${loadBalancer.loadBalancer.dnsName}/`;
    this.healthUrl = pulumi.interpolate`${this.url}health`;
    this.alarmNames = createMcpAlarms(name, loadBalancer, this);
    this.registerOutputs({
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
      url: this.url,
      healthUrl: this.healthUrl,
      alarmNames: this.alarmNames,
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

  private createLoadBalancer(name: string, network: McpNetwork) {
    return new awsx.lb.ApplicationLoadBalancer(
      `${name}-lb`,
      {
        subnetIds: network.publicSubnetIds,
        securityGroups: [network.loadBalancerSecurityGroup.id],
        defaultTargetGroup: {
          port: containerPort,
          protocol: "HTTP",
          targetType: "ip",
          deregistrationDelay: 30,
          healthCheck: { path: "/health", matcher: "200", interval: 15, healthyThreshold: 2 },
          tags,
        },
        tags,
      },
      remoteChildOptions(this),
    );
  }

  private createCluster(name: string) {
    return new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: "enabled" }], tags },
      { parent: this },
    );
  }

  private createService(
    name: string,
    args: McpServiceArgs,
    parts: {
      cluster: aws.ecs.Cluster;
      network: McpNetwork;
      loadBalancer: awsx.lb.ApplicationLoadBalancer;
      taskDefinitionArn: pulumi.Input<string>;
    },
  ) {
    const { cluster, network, loadBalancer, taskDefinitionArn } = parts;
    return new awsx.ecs.FargateService(
      `${name}-service`,
      {
        cluster: cluster.arn,
        taskDefinition: taskDefinitionArn,
        desiredCount: args.desiredCount ?? 2,
        networkConfiguration: {
          subnets: network.publicSubnetIds,
          securityGroups: [network.taskSecurityGroup.id],
          assignPublicIp: true,
        },
        loadBalancers: [
          { targetGroupArn: loadBalancer.defaultTargetGroup.arn, containerName, containerPort },
        ],
        // A release that never gets healthy is rolled back by ECS itself, and capacity never drops.
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        healthCheckGracePeriodSeconds: 30,
        propagateTags: "SERVICE",
        tags,
      },
      remoteChildOptions(this),
    );
  }
}
