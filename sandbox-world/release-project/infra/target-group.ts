import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import * as pulumi from "@pulumi/pulumi";

interface TargetGroupInputs {
  name: string;
  vpcId: string;
}

interface TargetGroupOutputs extends TargetGroupInputs {
  arn: string;
  /** CloudWatch's `TargetGroup` dimension value: `targetgroup/<name>/<id>`. */
  arnSuffix: string;
}

/** One side's target group: Fargate tasks by IP on the container port, checked on /health. */
const provider: pulumi.dynamic.ResourceProvider<TargetGroupInputs, TargetGroupOutputs> = {
  async create(inputs) {
    const created = await new ElasticLoadBalancingV2Client({}).send(
      new CreateTargetGroupCommand({
        Name: inputs.name,
        VpcId: inputs.vpcId,
        Protocol: "HTTP",
        Port: 8080,
        TargetType: "ip",
        HealthCheckPath: "/health",
      }),
    );
    const arn = created.TargetGroups?.[0]?.TargetGroupArn ?? "";
    const arnSuffix = `targetgroup/${arn.split(":targetgroup/")[1] ?? ""}`;
    return { id: arn, outs: { ...inputs, arn, arnSuffix } };
  },
  async diff(_id, olds, news) {
    const replaces = olds.name === news.name && olds.vpcId === news.vpcId ? [] : ["name"];
    // A new one takes the same name, which must be free first.
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
  },
  async delete(id) {
    await new ElasticLoadBalancingV2Client({}).send(
      new DeleteTargetGroupCommand({ TargetGroupArn: id }),
    );
  },
};

export class FixtureTargetGroup extends pulumi.dynamic.Resource {
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly arnSuffix: pulumi.Output<string>;

  constructor(
    name: string,
    args: { [K in keyof TargetGroupInputs]: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(provider, name, { ...args, arn: undefined, arnSuffix: undefined }, opts);
  }
}
