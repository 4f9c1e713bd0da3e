import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { createExecutionRole } from "./execution-role";
import { buildMcpImage } from "./mcp-image";

export interface McpServiceArgs {
  stage: string;
  gitHash: string;
  /** When set, the service keeps running this task definition whatever this deploy builds. */
  pinnedTaskDefinition?: string;
  jwtSecret: pulumi.Input<string>;
  desiredCount?: number;
}

const containerName = "mcp";
const containerPort = 8080;

/** The mcp service on ECS Fargate behind an application load balancer. */
export class McpService extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  public readonly taskDefinitionArn: pulumi.Output<string>;
  public readonly url: pulumi.Output<string>;
  public readonly healthUrl: pulumi.Output<string>;

  constructor(name: string, args: McpServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("flightdeck:mcp:McpService", name, args, opts);

    const repository = this.createRepository(name);
    const secret = this.storeSecret(name, args.jwtSecret);
    const loadBalancer = this.createLoadBalancer(name);
    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { tags: { Service: "mcp" } },
      { parent: this },
    );
    const service = this.createService(name, args, { repository, secret, loadBalancer, cluster });

    this.clusterName = cluster.name;
    this.serviceName = service.service.name;
    this.taskDefinitionArn = args.pinnedTaskDefinition
      ? pulumi.output(args.pinnedTaskDefinition)
      : service.taskDefinition.apply((definition) => definition?.arn ?? pulumi.output(""));
    this.url = pulumi.interpolate`http://${loadBalancer.loadBalancer.dnsName}/`;
    this.healthUrl = pulumi.interpolate`${this.url}health`;
    this.registerOutputs({
      clusterName: this.clusterName,
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
      url: this.url,
      healthUrl: this.healthUrl,
    });
  }

  private createRepository(name: string) {
    return new aws.ecr.Repository(
      `${name}-repo`,
      {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        tags: { Service: "mcp" },
      },
      { parent: this },
    );
  }

  /** The secret reaches the container from Secrets Manager, never through plain task settings. */
  private storeSecret(name: string, value: pulumi.Input<string>) {
    const secret = new aws.secretsmanager.Secret(
      `${name}-jwt`,
      { tags: { Service: "mcp" } },
      { parent: this },
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-jwt-value`,
      { secretId: secret.id, secretString: pulumi.secret(value) },
      { parent: this },
    );
    return secret;
  }

  private createLoadBalancer(name: string) {
    return new awsx.lb.ApplicationLoadBalancer(
      `${name}-lb`,
      {
        defaultTargetGroup: {
          port: containerPort,
          protocol: "HTTP",
          targetType: "ip",
          healthCheck: { path: "/health", matcher: "200", interval: 15, healthyThreshold: 2 },
        },
      },
      { parent: this },
    );
  }

  private createService(
    name: string,
    args: McpServiceArgs,
    parts: {
      repository: aws.ecr.Repository;
      secret: aws.secretsmanager.Secret;
      loadBalancer: awsx.lb.ApplicationLoadBalancer;
      cluster: aws.ecs.Cluster;
    },
  ) {
    const { repository, secret, loadBalancer, cluster } = parts;
    const task = args.pinnedTaskDefinition
      ? { taskDefinition: args.pinnedTaskDefinition }
      : { taskDefinitionArgs: this.taskDefinitionArgs(name, args, repository, secret) };
    return new awsx.ecs.FargateService(
      `${name}-service`,
      {
        cluster: cluster.arn,
        desiredCount: args.desiredCount ?? 2,
        assignPublicIp: true,
        // A release that never gets healthy is rolled back by ECS itself, and capacity never drops.
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        healthCheckGracePeriodSeconds: 30,
        loadBalancers: [
          { targetGroupArn: loadBalancer.defaultTargetGroup.arn, containerName, containerPort },
        ],
        tags: { Service: "mcp" },
        ...task,
      },
      { parent: this },
    );
  }

  private taskDefinitionArgs(
    name: string,
    args: McpServiceArgs,
    repository: aws.ecr.Repository,
    secret: aws.secretsmanager.Secret,
  ): awsx.types.input.ecs.FargateServiceTaskDefinitionArgs {
    const image = buildMcpImage(name, repository, args.gitHash, this);
    const executionRole = createExecutionRole(name, secret.arn, this);
    return {
      executionRole: { roleArn: executionRole.arn },
      container: {
        name: containerName,
        image: image.repoDigest,
        cpu: 256,
        memory: 512,
        essential: true,
        portMappings: [{ containerPort }],
        environment: [
          { name: "GIT_HASH", value: args.gitHash },
          { name: "STAGE", value: args.stage },
        ],
        secrets: [{ name: "JWT_SECRET", valueFrom: secret.arn }],
      },
    };
  }
}
