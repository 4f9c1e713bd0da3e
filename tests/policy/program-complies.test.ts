import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { circuitBreakerOn } from "../../policy/policies/circuit-breaker-on";
import { encryptionOn } from "../../policy/policies/encryption-on";
import { entryPointsTargetAlias } from "../../policy/policies/entry-points-target-alias";
import { logRetentionSet } from "../../policy/policies/log-retention-set";
import { noPublicBucket } from "../../policy/policies/no-public-bucket";
import { baseConfig, runProgram } from "../infra/program-under-mocks";
import { violations } from "./validate";

describe("the infra program complies with the policy pack", () => {
  it("no resource it registers violates a policy", async () => {
    const run = await runProgram(baseConfig);
    const policies = [
      noPublicBucket,
      entryPointsTargetAlias,
      circuitBreakerOn,
      encryptionOn,
      logRetentionSet,
    ];
    const found: string[] = [];
    for (const resource of run.resources) {
      for (const policy of policies) {
        for (const message of await violations(policy, resource.type, resource.inputs)) {
          found.push(`${policy.name}: ${resource.name}: ${message}`);
        }
      }
    }
    assert.deepEqual(found, []);
    // The rules did meet the resources they are about.
    for (const type of [
      "aws:lambda/functionUrl:FunctionUrl",
      "aws:lambda/permission:Permission",
      "awsx:ecs:FargateService",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:ecr/repository:Repository",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    ]) {
      assert.ok(
        run.resources.some((r) => r.type === type),
        type,
      );
    }
    assert.ok(
      run.resources.some(
        (r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      ),
    );
  });
});
