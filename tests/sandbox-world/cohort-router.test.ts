import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateKeyValueStoreCommand,
  PublishFunctionCommand,
} from "@aws-sdk/client-cloudfront";
import {
  DescribeKeyValueStoreCommand,
  PutKeyCommand,
  type CloudFrontKeyValueStoreClient,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createKeyValueStoreClient } from "../../automation/aws/keyvaluestore-client";
import { webCohortCookie, webCohortKey } from "../../automation/traffic/web-cohort";
import { repoRoot } from "../../infra/repo-root";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";
import { serveWebRequest, type WebViewer } from "../../sandbox-world/web-edge";

const live = "1".repeat(40);
const canary = "2".repeat(40);
const bucket = "router-site";

/**
 * infra/web/cohort-router.js, published into the emulator and run by the service runtime's
 * edge (sandbox-world/web-edge.ts) on a distribution shaped like the program's: the live
 * release as the first origin's path, the bucket's root as the `releases` origin.
 */
describe("the cohort router at the emulated edge", () => {
  let moto: MotoServer;
  let clients: Parameters<typeof serveWebRequest>[0];
  let keyValueStore: CloudFrontKeyValueStoreClient;
  let KvsARN: string;
  let distributionId: string;

  const writeCohort = async (value: string) => {
    const { ETag } = await keyValueStore.send(new DescribeKeyValueStoreCommand({ KvsARN }));
    await keyValueStore.send(
      new PutKeyCommand({ KvsARN, Key: webCohortKey, Value: value, IfMatch: ETag }),
    );
  };
  const serve = (path: string, viewer: Partial<WebViewer> = {}) =>
    serveWebRequest(clients, distributionId, path, {
      ip: "192.0.2.10",
      userAgent: "router-test",
      cookies: {},
      ...viewer,
    });
  const cohortOf = (cohort: string) => ({ cookies: { [webCohortCookie]: cohort } });

  before(async () => {
    moto = await startMotoServer();
    const config = awsClientConfig(moto.endpoint);
    const cloudfront = new CloudFrontClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    keyValueStore = createKeyValueStoreClient(config, { maxAttempts: 1 });
    clients = { cloudfront, keyValueStore, s3 };
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const release of [live, canary]) {
      for (const file of ["index.html", "assets/app.js"]) {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `releases/${release}/${file}`,
            Body: release,
          }),
        );
      }
    }
    const store = await cloudfront.send(
      new CreateKeyValueStoreCommand({ Name: "router-cohort", Comment: "" }),
    );
    KvsARN = store.KeyValueStore?.ARN ?? "";
    const created = await cloudfront.send(
      new CreateFunctionCommand({
        Name: "router",
        FunctionConfig: {
          Comment: "",
          Runtime: "cloudfront-js-2.0",
          KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: KvsARN }] },
        },
        FunctionCode: readFileSync(join(repoRoot, "infra/web/cohort-router.js")),
      }),
    );
    const published = await cloudfront.send(
      new PublishFunctionCommand({ Name: "router", IfMatch: created.ETag }),
    );
    const FunctionARN = published.FunctionSummary?.FunctionMetadata?.FunctionARN;
    const origin = (Id: string, OriginPath: string) => ({
      Id,
      DomainName: `${bucket}.s3.us-east-1.amazonaws.com`,
      OriginPath,
      S3OriginConfig: { OriginAccessIdentity: "" },
    });
    const distribution = await cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: "router",
          Comment: "",
          Enabled: true,
          DefaultRootObject: "index.html",
          Origins: {
            Quantity: 2,
            Items: [origin("site", `/releases/${live}`), origin("releases", "")],
          },
          DefaultCacheBehavior: {
            TargetOriginId: "site",
            ViewerProtocolPolicy: "redirect-to-https",
            CachePolicyId: "83da9c7e-98b4-4e11-a168-04f0df8e2c65",
            FunctionAssociations: {
              Quantity: 2,
              Items: [
                { EventType: "viewer-request", FunctionARN },
                { EventType: "viewer-response", FunctionARN },
              ],
            },
          },
        },
      }),
    );
    distributionId = distribution.Distribution?.Id ?? "";
  });

  after(async () => {
    await moto.stop();
  });

  it("sends everyone to the live release while the store holds no cohort", async () => {
    for (const cohort of ["0", "99"]) assert.equal((await serve("", cohortOf(cohort))).hash, live);
  });

  it("at 100 % sends every cohort to the canary, its hashed assets included", async () => {
    await writeCohort(JSON.stringify({ release: canary, weight: 100 }));
    for (const cohort of ["0", "50", "99"]) {
      assert.equal((await serve("", cohortOf(cohort))).hash, canary);
      const asset = await serve("assets/app.js", cohortOf(cohort));
      assert.deepEqual([asset.hash, asset.body], [canary, canary]);
    }
  });

  it("treats a cookie that is no cohort (0 to 99) as no cookie: the viewer is given one", async () => {
    await writeCohort(JSON.stringify({ release: canary, weight: 30 }));
    for (const bad of ["100", "-1", "abc", ""]) {
      const answer = await serve("", cohortOf(bad));
      const given = /^flightdeck-cohort=(\d{1,2});/.exec(answer.setCookies[0] ?? "")?.[1];
      assert.ok(given !== undefined, `a cohort is given for ${JSON.stringify(bad)}`);
      assert.equal(answer.hash, Number(given) < 30 ? canary : live);
    }
  });

  it("ignores a store value that is no cohort, sending everyone to the live release", async () => {
    for (const value of [
      JSON.stringify({ release: "not-a-hash", weight: 50 }),
      JSON.stringify({ release: canary, weight: 500 }),
      "not json",
    ]) {
      await writeCohort(value);
      assert.equal((await serve("", cohortOf("0"))).hash, live, value);
    }
  });
});
