import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { checkStateBackend } from "../../automation/doctor/state-backend";
import { s3LockKeys } from "../../automation/engine/s3-engine-locks";
import { openStateBucket } from "../../automation/engine/state-bucket";
import { deploymentsClient } from "../support/deployments-client";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { s3State, type S3State } from "../support/s3-state";

const secret = "jwt-5b4a69788796a5b4c3d2e1f00f1e2d3c";

describe("state in an S3 bucket and secrets under a KMS key, the emulator's", () => {
  let world: ReleaseWorld;
  let state: S3State;
  let client: ReturnType<typeof deploymentsClient>;

  before(async () => {
    world = await startReleaseWorld(
      ["production"],
      async (aws) => {
        state = await s3State(aws);
        return state.env;
      },
      // KMS is reached through the key URL's own endpoint: the SDK's default goes nowhere.
      { AWS_ENDPOINT_URL_KMS: "http://127.0.0.1:9" },
    );
    client = deploymentsClient(world.server);
  });

  after(() => world.stop());

  const stateKeys = async () =>
    (
      await state.bucket.client.send(new ListObjectsV2Command({ Bucket: state.bucket.bucket }))
    ).Contents?.map((object) => object.Key) ?? [];

  it("reaches the bucket through the URL's endpoint and path style, for the doctor too", async () => {
    const url = state.env.FLIGHTDECK_STATE_URL!;
    // No endpoint from the server's settings: only the URL says where S3 is.
    const { credentials, region } = awsClientConfig(world.aws.moto.endpoint);
    const bucket = openStateBucket(url, { credentials, region })!;
    assert.equal((await checkStateBackend(url, bucket.client)).ok, true);
    const ready = await world.server.app.inject({ url: "/health/ready" });
    assert.equal(ready.statusCode, 200, ready.body);
  });

  it("deploys with the stack's state in the bucket and a secret round-tripped through KMS", async () => {
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    assert.ok((await stateKeys()).includes(".pulumi/stacks/flightdeck/production.json"));
    const workspace = join(world.server.dataDir, "workspaces", "production");
    const settings = readFileSync(join(workspace, "Pulumi.production.yaml"), "utf8");
    assert.match(settings, /^secretsprovider: awskms:\/\/alias\/flightdeck-state\?/m);
    assert.match(settings, /^encryptedkey: /m);
    assert.doesNotMatch(settings, /encryptionsalt/, "no passphrase is involved");

    // The operator's step, with the engine's environment and no passphrase at all.
    const { PULUMI_CONFIG_PASSPHRASE, ...engineEnv } = world.engine.envVars;
    execFileSync(
      world.engine.pulumiCommand.command,
      ["config", "set", "--secret", "flightdeck:jwtSecret", secret, "--stack", "production"],
      {
        cwd: workspace,
        env: { ...process.env, ...engineEnv, ...world.aws.engineEnv, ...state.env },
        stdio: "pipe",
      },
    );
    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const second = await client.deploy("production");
    assert.equal(second.status, "succeeded", JSON.stringify(second.error));

    const lambda = new LambdaClient(awsClientConfig(world.aws.moto.endpoint));
    const fn = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "fd-production-api" }),
    );
    assert.equal(fn.Environment?.Variables?.JWT_SECRET, secret, "the program decrypted it");
    const checkpoint = await state.bucket.client.send(
      new GetObjectCommand({
        Bucket: state.bucket.bucket,
        Key: ".pulumi/stacks/flightdeck/production.json",
      }),
    );
    const stateText = await checkpoint.Body!.transformToString();
    assert.match(stateText, /awskms:\/\/alias\/flightdeck-state/);
    assert.equal(stateText.includes(secret), false, "the state holds it encrypted");

    // Each engine run recorded its own lock, which the engine removed when it ended.
    const locks = (await world.server.app.journal.listEvents(second.id))
      .map((event) => event.data.engineLock)
      .filter((key): key is string => typeof key === "string");
    assert.ok(locks.length > 0);
    assert.equal(new Set(locks).size, locks.length, "one lock per engine run");
    for (const key of locks)
      assert.match(
        key,
        /^\.pulumi\/locks\/organization\/flightdeck\/production\/[0-9a-f-]{36}\.json$/,
      );
    assert.deepEqual(await s3LockKeys(state.bucket, "flightdeck", "production"), []);
  });
});
