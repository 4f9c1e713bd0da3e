import {
  CloudFrontClient,
  CreateKeyValueStoreCommand,
  DeleteKeyValueStoreCommand,
  DescribeKeyValueStoreCommand,
} from "@aws-sdk/client-cloudfront";
import * as pulumi from "@pulumi/pulumi";

interface StoreInputs {
  name: string;
}

/**
 * The web cohort's key-value store. Created empty: with no cohort key the router sends
 * every viewer to the live release, and a rollout's moves write the key.
 */
const provider: pulumi.dynamic.ResourceProvider<StoreInputs, StoreInputs & { arn: string }> = {
  async create(inputs) {
    const created = await new CloudFrontClient({}).send(
      new CreateKeyValueStoreCommand({ Name: inputs.name, Comment: "flightdeck web cohort" }),
    );
    return { id: inputs.name, outs: { ...inputs, arn: created.KeyValueStore?.ARN ?? "" } };
  },
  async diff(_id, olds, news) {
    const replaces = olds.name === news.name ? [] : ["name"];
    return { changes: replaces.length > 0, replaces };
  },
  async delete(id) {
    const cloudfront = new CloudFrontClient({});
    const current = await cloudfront.send(new DescribeKeyValueStoreCommand({ Name: id }));
    await cloudfront.send(new DeleteKeyValueStoreCommand({ Name: id, IfMatch: current.ETag }));
  },
};

export class FixtureKeyValueStore extends pulumi.dynamic.Resource {
  declare public readonly arn: pulumi.Output<string>;

  constructor(
    name: string,
    args: { name: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(provider, name, { ...args, arn: undefined }, opts);
  }
}
