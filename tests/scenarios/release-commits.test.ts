import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { Operation } from "../../automation/journal/journal";
import { deploymentsClient } from "../support/deployments-client";
import { healthHash } from "../support/health-hash";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

/** The release project's entry point with one resource and one output more. */
const programWithExtraBucket = `import * as pulumi from "@pulumi/pulumi";
import { releaseFixtureProgram } from "./program";
import { FixtureBucket } from "./web-bucket";

const extra = new FixtureBucket("extra-bucket", { bucket: \`fd-\${pulumi.getStack()}-extra\` });
const runtimeUrl = process.env.RELEASE_FIXTURE_RUNTIME_URL ?? "";
export = releaseFixtureProgram({ runtimeUrl })().then((outputs) => ({
  ...outputs,
  extraBucket: extra.bucket,
}));
`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const stepDetail = (operation: Operation, name: string) =>
  operation.steps.find((step) => step.name === name)?.detail;

describe("a release is a commit: its program, services and settings", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let dependenciesDir: string;
  let lambda: LambdaClient;
  let s3: S3Client;

  const stack = async () => {
    const response = await fetch(`${await world.server.url()}/stacks/production`, {
      headers: world.server.auth("reader"),
    });
    assert.equal(response.status, 200);
    return (await response.json()) as { outputs: Record<string, string> };
  };
  const liveApi = async () => {
    const { outputs } = await stack();
    const config = await lambda.send(
      new GetFunctionConfigurationCommand({
        FunctionName: outputs.apiFunctionName,
        Qualifier: outputs.apiLiveVersion,
      }),
    );
    return config.Environment?.Variables ?? {};
  };
  const bucketExists = (bucket: string) =>
    s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => true,
      () => false,
    );

  before(async () => {
    // A dependencies folder of its own, so that this file sees the first install happen.
    dependenciesDir = mkdtempSync(join(tmpdir(), "flightdeck-deps-"));
    world = await startReleaseWorld(["production"], {
      FLIGHTDECK_DEPENDENCIES_DIR: dependenciesDir,
    });
    client = deploymentsClient(world.server);
    lambda = new LambdaClient(awsClientConfig(world.aws.moto.endpoint));
    s3 = new S3Client({ ...awsClientConfig(world.aws.moto.endpoint), forcePathStyle: true });
  });

  after(async () => {
    await world.stop();
    rmSync(dependenciesDir, { recursive: true, force: true });
  });

  it("installs a lockfile's dependencies once, and publishes the api bundled from the released commit", async () => {
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    assert.equal(stepDetail(first, "install")?.cached, false, "the first deploy runs npm ci");

    const handler = "export const api = 42;\n";
    const commit = world.repo.commit({ "services/api/handler.ts": handler }, "api 42");
    const second = await client.deploy("production");
    assert.equal(second.status, "succeeded", JSON.stringify(second.error));
    assert.equal(second.commit, commit);
    assert.deepEqual(stepDetail(second, "checkout"), { commit });
    assert.equal(stepDetail(second, "install")?.cached, true, "same lockfile: nothing installed");
    assert.equal(
      stepDetail(second, "install")?.lockfileSha256,
      stepDetail(first, "install")?.lockfileSha256,
    );
    const env = await liveApi();
    assert.equal(env.GIT_HASH, commit);
    assert.equal(env.BUNDLE_SHA256, sha256(handler), "the live version's bundle is the commit's");
  });

  it("a commit that changes the program adds its resource and output, with no restart", async () => {
    world.repo.commit({ "infra/index.ts": programWithExtraBucket }, "extra bucket");
    const deployment = await client.deploy("production");
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.deepEqual(deployment.affectedServices, ["api", "web", "mcp"]);
    assert.equal(deployment.releaseTag, 3);
    assert.equal((await stack()).outputs.extraBucket, "fd-production-extra");
    assert.equal(await bucketExists("fd-production-extra"), true);
  });

  it("a pointer rollback's dry run says which infra changes it would leave in place", async () => {
    const dryRun = await client.start("production", "rollback", { services: ["api"], to: 2 });
    assert.equal(dryRun.status, 400);
    assert.equal(dryRun.body.error?.code, "confirmation_required");
    const infra = dryRun.body.error?.details?.infraChanges as { files: string[]; redeploy: string };
    assert.deepEqual(infra.files, ["infra/index.ts"]);
    assert.match(infra.redeploy, /"ref":"2"/);
    assert.match(dryRun.body.error?.message ?? "", /infra changes since release 2 stay in place/);
  });

  it("redeploying an older release tag runs that commit's program: the resource it lacked is removed", async () => {
    const tagged = world.repo.remote!.git("rev-list", "-n", "1", "2");
    const deployment = await client.deploy("production", { ref: "2" });
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.equal(deployment.commit, tagged);
    assert.equal(deployment.releaseTag, 4);
    assert.equal((await stack()).outputs.extraBucket, undefined);
    assert.equal(await bucketExists("fd-production-extra"), false);
    assert.equal(world.repo.remote!.git("rev-list", "-n", "1", "4"), tagged);
  });

  it("a ref of an older sha deploys exactly that sha; an unknown ref is a 404 naming it", async () => {
    const initial = world.repo.remote!.git("rev-list", "-n", "1", "1");
    const deployment = await client.deploy("production", { ref: initial.slice(0, 10) });
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.equal(deployment.commit, initial);
    const { outputs } = await stack();
    assert.equal(await healthHash(outputs.apiHealthUrl!), initial);

    const unknown = await client.start("production", "deploy", { ref: "no-such-branch" });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error?.code, "unknown_ref");
    assert.match(unknown.body.error?.message ?? "", /"no-such-branch"/);
    const optionLike = await client.start("production", "deploy", { ref: "--upload-pack=x" });
    assert.equal(optionLike.status, 400);
  });

  it("committed stack settings take effect with their commit; the server's own stay out of the repository", async () => {
    const head = world.repo.commit(
      {
        "Pulumi.production.yaml":
          "config:\n  flightdeck:stage: production-eu\n  flightdeck:name: fd\n",
      },
      "rename the stage",
    );
    const deployment = await client.deploy("production");
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.equal((await liveApi()).STAGE, "production-eu");
    const serverSettings = readFileSync(
      join(world.server.dataDir, "workspaces", "production", "Pulumi.production.yaml"),
      "utf8",
    );
    assert.match(serverSettings, /flightdeck:apiGitHash/);
    assert.doesNotMatch(serverSettings, /flightdeck:stage/, "committed values are the commit's");
    assert.equal(world.repo.remote!.git("rev-parse", "main"), head, "the server committed nothing");
  });
});
