import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  DescribeFunctionCommand,
  GetDistributionConfigCommand,
  GetFunctionCommand,
  NoSuchFunctionExists,
  PreconditionFailed,
  PublishFunctionCommand,
  UpdateFunctionCommand,
  type FunctionConfig,
} from "@aws-sdk/client-cloudfront";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";

const code = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

/** Function stages and associations patched into moto (sandbox-world/moto_cloudfront_functions.py). */
describe("CloudFront Functions' stages and associations in the emulator", () => {
  let moto: MotoServer;
  let cloudfront: CloudFrontClient;
  let config: FunctionConfig;

  before(async () => {
    moto = await startMotoServer();
    cloudfront = new CloudFrontClient(awsClientConfig(moto.endpoint));
    const store = await cloudfront.send(
      new CreateKeyValueStoreCommand({ Name: "functions-cohort", Comment: "" }),
    );
    config = {
      Comment: "router",
      Runtime: "cloudfront-js-2.0",
      KeyValueStoreAssociations: {
        Quantity: 1,
        Items: [{ KeyValueStoreARN: store.KeyValueStore?.ARN }],
      },
    };
  });

  after(async () => {
    await moto.stop();
  });

  it("has no LIVE stage before PublishFunction, which needs the DEVELOPMENT ETag", async () => {
    const created = await cloudfront.send(
      new CreateFunctionCommand({
        Name: "router",
        FunctionConfig: config,
        FunctionCode: code("v1"),
      }),
    );
    await assert.rejects(
      cloudfront.send(new GetFunctionCommand({ Name: "router", Stage: "LIVE" })),
      NoSuchFunctionExists,
    );
    await assert.rejects(
      cloudfront.send(new PublishFunctionCommand({ Name: "router", IfMatch: "not-it" })),
      (error: unknown) =>
        error instanceof PreconditionFailed && error.$metadata.httpStatusCode === 412,
    );
    const published = await cloudfront.send(
      new PublishFunctionCommand({ Name: "router", IfMatch: created.ETag }),
    );
    assert.equal(published.FunctionSummary?.FunctionMetadata?.Stage, "LIVE");
    const live = await cloudfront.send(new GetFunctionCommand({ Name: "router", Stage: "LIVE" }));
    assert.equal(text(live.FunctionCode), "v1");
    const described = await cloudfront.send(
      new DescribeFunctionCommand({ Name: "router", Stage: "LIVE" }),
    );
    assert.equal(
      described.FunctionSummary?.FunctionConfig?.KeyValueStoreAssociations?.Items?.[0]
        ?.KeyValueStoreARN,
      config.KeyValueStoreAssociations?.Items?.[0]?.KeyValueStoreARN,
    );
  });

  it("UpdateFunction changes DEVELOPMENT only; LIVE changes at the next publish", async () => {
    const development = await cloudfront.send(new DescribeFunctionCommand({ Name: "router" }));
    const updated = await cloudfront.send(
      new UpdateFunctionCommand({
        Name: "router",
        IfMatch: development.ETag,
        FunctionConfig: config,
        FunctionCode: code("v2"),
      }),
    );
    assert.notEqual(updated.ETag, development.ETag);
    const live = () => cloudfront.send(new GetFunctionCommand({ Name: "router", Stage: "LIVE" }));
    assert.equal(text((await live()).FunctionCode), "v1");
    await cloudfront.send(new PublishFunctionCommand({ Name: "router", IfMatch: updated.ETag }));
    assert.equal(text((await live()).FunctionCode), "v2");
  });

  it("keeps a cache behaviour's function associations", async () => {
    const { FunctionSummary } = await cloudfront.send(
      new DescribeFunctionCommand({ Name: "router", Stage: "LIVE" }),
    );
    const FunctionARN = FunctionSummary?.FunctionMetadata?.FunctionARN;
    const associations = {
      Quantity: 2,
      Items: [
        { EventType: "viewer-request" as const, FunctionARN },
        { EventType: "viewer-response" as const, FunctionARN },
      ],
    };
    const created = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: "functions",
          Comment: "",
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: "site",
                DomainName: "b.s3.us-east-1.amazonaws.com",
                S3OriginConfig: { OriginAccessIdentity: "" },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: "site",
            ViewerProtocolPolicy: "redirect-to-https",
            CachePolicyId: "83da9c7e-98b4-4e11-a168-04f0df8e2c65",
            FunctionAssociations: associations,
          },
        },
      }),
    );
    const read = await cloudfront.send(
      new GetDistributionConfigCommand({ Id: created.Distribution?.Id }),
    );
    assert.deepEqual(
      read.DistributionConfig?.DefaultCacheBehavior?.FunctionAssociations,
      associations,
    );
  });
});
