import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface McpTaskDefinitionArgs {
  region: string;
  stage: string;
  gitHash: string;
  image: pulumi.Input<string>;
  executionRoleArn: pulumi.Input<string>;
  jwtSecretArn: pulumi.Input<string>;
  containerName: string;
  containerPort: number;
}

/**
 * One revision per release. Revisions are kept when Pulumi replaces them (skipDestroy):
 * a rollback points the service back at an earlier revision, which must still be ACTIVE.
 */
export function createMcpTaskDefinition(
  name: string,
  args: McpTaskDefinitionArgs,
  parent: pulumi.Resource,
): aws.ecs.TaskDefinition {
  const tags = { Service: "mcp" };
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    { name: `/ecs/${name}`, retentionInDays: 30, tags },
    { parent },
  );
  const container = {
    name: args.containerName,
    image: args.image,
    essential: true,
    portMappings: [{ containerPort: args.containerPort, protocol: "tcp" }],
    environment: [
      { name: "GIT_HASH", value: args.gitHash },
      { name: "STAGE", value: args.stage },
    ],
    // ECS fetches the value at task start; the task definition only holds the reference.
    secrets: [{ name: "JWT_SECRET", valueFrom: args.jwtSecretArn }],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": logGroup.name,
        "awslogs-region": args.region,
        "awslogs-stream-prefix": args.containerName,
      },
    },
  };
  return new aws.ecs.TaskDefinition(
    `${name}-task`,
    {
      family: name,
      cpu: "256",
      memory: "512",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      executionRoleArn: args.executionRoleArn,
      containerDefinitions: pulumi.jsonStringify([container]),
      skipDestroy: true,
      tags,
    },
    { parent },
  );
}
