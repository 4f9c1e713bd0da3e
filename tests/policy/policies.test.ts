import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { circuitBreakerOn } from "../../policy/policies/circuit-breaker-on";
import { encryptionOn } from "../../policy/policies/encryption-on";
import { entryPointsTargetAlias } from "../../policy/policies/entry-points-target-alias";
import { logRetentionSet } from "../../policy/policies/log-retention-set";
import { noPublicBucket } from "../../policy/policies/no-public-bucket";
import { violations } from "./validate";

const fullBlock = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};
const fnArn = "arn:aws:lambda:eu-west-1:123456789012:function:flightdeck-api";
const integrationUri = (qualifier: string) =>
  `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${fnArn}${qualifier}/invocations`;

describe("policy pack", () => {
  describe("no-public-bucket", () => {
    const block = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    it("passes a block with every setting on", async () => {
      assert.deepEqual(await violations(noPublicBucket, block, { bucket: "b", ...fullBlock }), []);
    });
    it("names each setting left off", async () => {
      const reported = await violations(noPublicBucket, block, {
        ...fullBlock,
        blockPublicPolicy: false,
        ignorePublicAcls: undefined,
      });
      assert.deepEqual(reported, [
        "public access block must set blockPublicPolicy, ignorePublicAcls to true",
      ]);
    });
    it("rejects a public ACL and accepts a private one", async () => {
      assert.equal(
        (await violations(noPublicBucket, "aws:s3/bucketAcl:BucketAcl", { acl: "public-read" }))
          .length,
        1,
      );
      assert.deepEqual(
        await violations(noPublicBucket, "aws:s3/bucketAcl:BucketAcl", { acl: "private" }),
        [],
      );
    });
    it("leaves other resources alone", async () => {
      assert.deepEqual(await violations(noPublicBucket, "aws:s3/bucket:Bucket", {}), []);
    });
  });

  describe("entry-points-target-alias", () => {
    const url = "aws:lambda/functionUrl:FunctionUrl";
    it("passes a function URL on alias live", async () => {
      assert.deepEqual(await violations(entryPointsTargetAlias, url, { qualifier: "live" }), []);
    });
    for (const qualifier of [undefined, "$LATEST", "7"]) {
      it(`rejects a function URL with qualifier ${String(qualifier)}`, async () => {
        assert.equal((await violations(entryPointsTargetAlias, url, { qualifier })).length, 1);
      });
    }
    it("rejects any invoke permission without an alias, passes one scoped to it", async () => {
      const permission = "aws:lambda/permission:Permission";
      for (const principal of ["*", "apigateway.amazonaws.com"]) {
        const base = { action: "lambda:InvokeFunction", principal, function: "flightdeck-api" };
        for (const qualifier of [undefined, "$LATEST", "7"]) {
          assert.equal(
            (await violations(entryPointsTargetAlias, permission, { ...base, qualifier })).length,
            1,
            `${principal} ${String(qualifier)}`,
          );
        }
        assert.deepEqual(
          await violations(entryPointsTargetAlias, permission, { ...base, qualifier: "live" }),
          [],
        );
      }
    });
    it("checks HTTP API integrations for an alias qualifier", async () => {
      const integration = "aws:apigatewayv2/integration:Integration";
      assert.deepEqual(
        await violations(entryPointsTargetAlias, integration, {
          integrationUri: integrationUri(":live"),
        }),
        [],
      );
      assert.equal(
        (
          await violations(entryPointsTargetAlias, integration, {
            integrationUri: integrationUri(""),
          })
        ).length,
        1,
      );
      assert.equal(
        (
          await violations(entryPointsTargetAlias, integration, {
            integrationUri: integrationUri(":$LATEST"),
          })
        ).length,
        1,
      );
    });
  });

  describe("circuit-breaker-on", () => {
    for (const service of ["aws:ecs/service:Service", "awsx:ecs:FargateService"]) {
      it(`passes enable and rollback on ${service}`, async () => {
        assert.deepEqual(
          await violations(circuitBreakerOn, service, {
            deploymentCircuitBreaker: { enable: true, rollback: true },
          }),
          [],
        );
      });
      it(`rejects a breaker without rollback, or none, on ${service}`, async () => {
        assert.deepEqual(
          await violations(circuitBreakerOn, service, {
            deploymentCircuitBreaker: { enable: true, rollback: false },
          }),
          ["deploymentCircuitBreaker must be { enable: true, rollback: true }"],
        );
        assert.equal((await violations(circuitBreakerOn, service, {})).length, 1);
      });
    }
    it("leaves other resources alone", async () => {
      assert.deepEqual(await violations(circuitBreakerOn, "aws:ecs/cluster:Cluster", {}), []);
    });
  });

  describe("encryption-on", () => {
    const sse =
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    it("passes AES256 and KMS bucket encryption", async () => {
      for (const sseAlgorithm of ["AES256", "aws:kms"]) {
        const rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm } }];
        assert.deepEqual(
          await violations(encryptionOn, sse, { bucket: "b", rules }),
          [],
          sseAlgorithm,
        );
      }
    });
    it("rejects a rule without a default algorithm", async () => {
      assert.equal(
        (await violations(encryptionOn, sse, { bucket: "b", rules: [{ bucketKeyEnabled: true }] }))
          .length,
        1,
      );
    });
    it("requires ECR repositories to state their encryption", async () => {
      const repository = "aws:ecr/repository:Repository";
      assert.deepEqual(
        await violations(encryptionOn, repository, {
          encryptionConfigurations: [{ encryptionType: "AES256" }],
        }),
        [],
      );
      assert.equal((await violations(encryptionOn, repository, {})).length, 1);
    });
  });

  describe("log-retention-set", () => {
    const group = "aws:cloudwatch/logGroup:LogGroup";
    it("passes a retention and rejects none", async () => {
      assert.deepEqual(await violations(logRetentionSet, group, { retentionInDays: 30 }), []);
      assert.equal((await violations(logRetentionSet, group, {})).length, 1);
      assert.equal((await violations(logRetentionSet, group, { retentionInDays: 0 })).length, 1);
    });
  });
});
