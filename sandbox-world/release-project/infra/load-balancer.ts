import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import * as pulumi from "@pulumi/pulumi";
import { defaultNetwork } from "./default-subnets";

interface LoadBalancerInputs {
  name: string;
}

interface LoadBalancerOutputs extends LoadBalancerInputs {
  arn: string;
  /** CloudWatch's `LoadBalancer` dimension value: `app/<name>/<id>`. */
  arnSuffix: string;
  vpcId: string;
}

/** mcp's application load balancer, in the default VPC's subnets. */
const provider: pulumi.dynamic.ResourceProvider<LoadBalancerInputs, LoadBalancerOutputs> = {
  async create(inputs) {
    const network = await defaultNetwork();
    const created = await new ElasticLoadBalancingV2Client({}).send(
      new CreateLoadBalancerCommand({
        Name: inputs.name,
        Type: "application",
        Subnets: network.subnetIds,
      }),
    );
    const arn = created.LoadBalancers?.[0]?.LoadBalancerArn ?? "";
    const arnSuffix = arn.split(":loadbalancer/")[1] ?? "";
    return { id: arn, outs: { ...inputs, arn, arnSuffix, vpcId: network.vpcId } };
  },
  async diff(_id, olds, news) {
    const replaces = olds.name === news.name ? [] : ["name"];
    // A new one takes the same name, which must be free first.
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
  },
  async delete(id) {
    await new ElasticLoadBalancingV2Client({}).send(
      new DeleteLoadBalancerCommand({ LoadBalancerArn: id }),
    );
  },
};

export class FixtureLoadBalancer extends pulumi.dynamic.Resource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly arnSuffix: pulumi.Output<string>;
  declare public readonly vpcId: pulumi.Output<string>;

  constructor(
    name: string,
    args: { name: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      provider,
      name,
      { ...args, arn: undefined, arnSuffix: undefined, vpcId: undefined },
      opts,
    );
  }
}
