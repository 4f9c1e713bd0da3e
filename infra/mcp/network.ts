import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";
import { remoteChildOptions } from "../aws-provider";

export interface McpNetwork {
  vpcId: pulumi.Output<string>;
  publicSubnetIds: pulumi.Output<string[]>;
  loadBalancerSecurityGroup: aws.ec2.SecurityGroup;
  taskSecurityGroup: aws.ec2.SecurityGroup;
}

const everywhere = { cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };
const allTraffic = { protocol: "-1", fromPort: 0, toPort: 0 };

/**
 * The default VPC's public subnets (tasks need a public IP to pull from ECR without a NAT
 * gateway) and two security groups: the internet reaches only the load balancer, and the
 * tasks accept traffic only from it. awsx's own defaults would open the tasks to anyone.
 */
export function createMcpNetwork(
  name: string,
  containerPort: number,
  parent: pulumi.Resource,
): McpNetwork {
  const vpc = new awsx.ec2.DefaultVpc(`${name}-vpc`, {}, remoteChildOptions(parent));
  const tags = { Service: "mcp" };
  const loadBalancerSecurityGroup = new aws.ec2.SecurityGroup(
    `${name}-lb-sg`,
    {
      vpcId: vpc.vpcId,
      description: "mcp load balancer: HTTP from the internet",
      ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, ...everywhere }],
      egress: [{ ...allTraffic, ...everywhere }],
      tags,
    },
    { parent },
  );
  const taskSecurityGroup = new aws.ec2.SecurityGroup(
    `${name}-task-sg`,
    {
      vpcId: vpc.vpcId,
      description: "mcp tasks: the container port from the load balancer only",
      ingress: [
        {
          protocol: "tcp",
          fromPort: containerPort,
          toPort: containerPort,
          securityGroups: [loadBalancerSecurityGroup.id],
        },
      ],
      // ECR, Secrets Manager and CloudWatch Logs are reached over the internet.
      egress: [{ ...allTraffic, ...everywhere }],
      tags,
    },
    { parent },
  );
  return {
    vpcId: vpc.vpcId,
    publicSubnetIds: vpc.publicSubnetIds,
    loadBalancerSecurityGroup,
    taskSecurityGroup,
  };
}
