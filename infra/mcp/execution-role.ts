import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** ECS's standard execution rights plus reading this one secret, nothing more. */
export function createExecutionRole(
  name: string,
  secretArn: pulumi.Input<string>,
  parent: pulumi.Resource,
) {
  const role = new aws.iam.Role(
    `${name}-execution`,
    {
      assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({
        Service: "ecs-tasks.amazonaws.com",
      }),
      tags: { Service: "mcp" },
    },
    { parent },
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-execution-standard`,
    { role: role.name, policyArn: aws.iam.ManagedPolicy.AmazonECSTaskExecutionRolePolicy },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-execution-secret`,
    {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
        ],
      }),
    },
    { parent },
  );
  return role;
}
