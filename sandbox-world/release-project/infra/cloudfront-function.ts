import {
  CloudFrontClient,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DescribeFunctionCommand,
  PublishFunctionCommand,
  UpdateFunctionCommand,
  type FunctionConfig,
} from "@aws-sdk/client-cloudfront";
import * as pulumi from "@pulumi/pulumi";

interface FunctionInputs {
  name: string;
  code: string;
  keyValueStoreArn: string;
}

const functionConfig = (inputs: FunctionInputs): FunctionConfig => ({
  Comment: "flightdeck web cohort router",
  Runtime: "cloudfront-js-2.0",
  KeyValueStoreAssociations: {
    Quantity: 1,
    Items: [{ KeyValueStoreARN: inputs.keyValueStoreArn }],
  },
});

/** Publishes what DEVELOPMENT holds: a distribution runs a function's LIVE stage only. */
async function publish(cloudfront: CloudFrontClient, name: string, etag: string | undefined) {
  const published = await cloudfront.send(
    new PublishFunctionCommand({ Name: name, IfMatch: etag }),
  );
  return published.FunctionSummary?.FunctionMetadata?.FunctionARN ?? "";
}

/** The web cohort's router, published (as the real program's `publish: true`). */
const provider: pulumi.dynamic.ResourceProvider<FunctionInputs, FunctionInputs & { arn: string }> =
  {
    async create(inputs) {
      const cloudfront = new CloudFrontClient({});
      const created = await cloudfront.send(
        new CreateFunctionCommand({
          Name: inputs.name,
          FunctionConfig: functionConfig(inputs),
          FunctionCode: new TextEncoder().encode(inputs.code),
        }),
      );
      const arn = await publish(cloudfront, inputs.name, created.ETag);
      return { id: inputs.name, outs: { ...inputs, arn } };
    },
    async diff(_id, olds, news) {
      const replaces = olds.name === news.name ? [] : ["name"];
      const changed = olds.code !== news.code || olds.keyValueStoreArn !== news.keyValueStoreArn;
      return { changes: replaces.length > 0 || changed, replaces };
    },
    async update(id, olds, news) {
      const cloudfront = new CloudFrontClient({});
      const current = await cloudfront.send(new DescribeFunctionCommand({ Name: id }));
      const updated = await cloudfront.send(
        new UpdateFunctionCommand({
          Name: id,
          IfMatch: current.ETag,
          FunctionConfig: functionConfig(news),
          FunctionCode: new TextEncoder().encode(news.code),
        }),
      );
      return { outs: { ...news, arn: await publish(cloudfront, id, updated.ETag) } };
    },
    async delete(id) {
      const cloudfront = new CloudFrontClient({});
      const current = await cloudfront.send(new DescribeFunctionCommand({ Name: id }));
      await cloudfront.send(new DeleteFunctionCommand({ Name: id, IfMatch: current.ETag }));
    },
  };

export class FixtureCloudFrontFunction extends pulumi.dynamic.Resource {
  declare public readonly arn: pulumi.Output<string>;

  constructor(
    name: string,
    args: { [K in keyof FunctionInputs]: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(provider, name, { ...args, arn: undefined }, opts);
  }
}
