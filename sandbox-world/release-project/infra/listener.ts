import {
  CreateListenerCommand,
  DeleteListenerCommand,
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  type Action,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import * as pulumi from "@pulumi/pulumi";

type Side = "blue" | "green";

interface ListenerInputs {
  loadBalancerArn: string;
  targetGroups: Record<Side, string>;
  /** The side the listener gives all the weight to, as the real program declares. */
  liveSide: Side;
}

interface ListenerOutputs extends ListenerInputs {
  arn: string;
  /** The weights AWS has: what `up` declared, or what a rollout moved them to since. */
  weights: Record<Side, number>;
}

const liveWeights = (side: Side): Record<Side, number> =>
  side === "blue" ? { blue: 100, green: 0 } : { blue: 0, green: 100 };

function forward(targetGroups: Record<Side, string>, weights: Record<Side, number>): Action[] {
  return [
    {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: (["blue", "green"] as const).map((side) => ({
          TargetGroupArn: targetGroups[side],
          Weight: weights[side],
        })),
      },
    },
  ];
}

/** mcp's listener: its default action forwards to both target groups by weight. */
const provider: pulumi.dynamic.ResourceProvider<ListenerInputs, ListenerOutputs> = {
  async create(inputs) {
    const weights = liveWeights(inputs.liveSide);
    const created = await new ElasticLoadBalancingV2Client({}).send(
      new CreateListenerCommand({
        LoadBalancerArn: inputs.loadBalancerArn,
        Protocol: "HTTP",
        Port: 80,
        DefaultActions: forward(inputs.targetGroups, weights),
      }),
    );
    const arn = created.Listeners?.[0]?.ListenerArn ?? "";
    return { id: arn, outs: { ...inputs, arn, weights } };
  },
  async diff(_id, olds, news) {
    const replaces = olds.loadBalancerArn === news.loadBalancerArn ? [] : ["loadBalancerArn"];
    const declared = liveWeights(news.liveSide);
    const changes =
      replaces.length > 0 ||
      olds.liveSide !== news.liveSide ||
      JSON.stringify(olds.targetGroups) !== JSON.stringify(news.targetGroups) ||
      olds.weights.blue !== declared.blue ||
      olds.weights.green !== declared.green;
    return { changes, replaces };
  },
  async update(id, _olds, news) {
    const weights = liveWeights(news.liveSide);
    await new ElasticLoadBalancingV2Client({}).send(
      new ModifyListenerCommand({
        ListenerArn: id,
        DefaultActions: forward(news.targetGroups, weights),
      }),
    );
    return { outs: { ...news, arn: id, weights } };
  },
  async read(id, props) {
    const described = await new ElasticLoadBalancingV2Client({}).send(
      new DescribeListenersCommand({ ListenerArns: [id] }),
    );
    const groups = described.Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups;
    const weightOf = (side: Side) =>
      groups?.find((group) => group.TargetGroupArn === props?.targetGroups[side])?.Weight ?? 0;
    return {
      id,
      props: { ...props!, weights: { blue: weightOf("blue"), green: weightOf("green") } },
    };
  },
  async delete(id) {
    await new ElasticLoadBalancingV2Client({}).send(new DeleteListenerCommand({ ListenerArn: id }));
  },
};

export class FixtureListener extends pulumi.dynamic.Resource {
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly weights: pulumi.Output<Record<Side, number>>;

  constructor(
    name: string,
    args: {
      loadBalancerArn: pulumi.Input<string>;
      targetGroups: pulumi.Input<Record<Side, pulumi.Input<string>>>;
      liveSide: Side;
    },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(provider, name, { ...args, arn: undefined, weights: undefined }, opts);
  }
}
