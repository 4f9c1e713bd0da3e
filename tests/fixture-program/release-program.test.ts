import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  UpdateAliasCommand,
} from "@aws-sdk/client-lambda";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { releaseFixtureProgram } from "../../sandbox-world/release-project/infra/program";
import { startEmulatedAws, type EmulatedAws } from "../../sandbox-world/emulated-aws";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { createInlineStack, createTestEngine, type TestEngine } from "../support/pulumi-engine";
import { healthHash } from "../support/health-hash";
import { releaseProjectDir } from "../../sandbox-world/release-repo";

const hash = (c: string) => c.repeat(40);

/** URNs of the resources an `up` changed (anything but "same"). */
function changedResources(events: EngineEvent[]): string[] {
  return events
    .map((e) => e.resourcePreEvent?.metadata)
    .filter(
      (m) =>
        m &&
        m.op !== "same" &&
        m.type !== "pulumi:pulumi:Stack" &&
        !m.type.startsWith("pulumi:providers:"),
    )
    .map((m) => m!.urn.split("::").at(-1)!);
}

describe("the release fixture program in the emulator", () => {
  let aws: EmulatedAws;
  let engine: TestEngine;
  let stack: Stack;
  let outputs: Record<string, string>;

  const up = async () => {
    const events: EngineEvent[] = [];
    const result = await stack.up({ onEvent: (e) => events.push(e) });
    outputs = Object.fromEntries(
      Object.entries(result.outputs).map(([k, v]) => [k, String(v.value)]),
    );
    return changedResources(events);
  };

  before(async () => {
    aws = await startEmulatedAws();
    engine = await createTestEngine();
    Object.assign(engine.envVars, aws.engineEnv);
    stack = await createInlineStack(
      engine,
      "flightdeck",
      "fixture",
      releaseFixtureProgram({ runtimeUrl: aws.runtime.url }),
    );
    await stack.setAllConfig({
      "flightdeck:stage": { value: "test" },
      "flightdeck:apiGitHash": { value: hash("a") },
      "flightdeck:webGitHash": { value: hash("b") },
      "flightdeck:mcpGitHash": { value: hash("c") },
    });
  });

  after(async () => {
    await stack?.destroy().catch(() => undefined);
    await engine?.cleanup();
    await aws?.stop();
  });

  it("creates every service with the contract's outputs, each serving its hash", async () => {
    await up();
    assert.equal(outputs.apiAliasName, "live");
    assert.equal(outputs.apiLiveVersion, "1");
    assert.equal(outputs.webLiveRelease, hash("b"));
    assert.match(outputs.mcpTaskDefinitionArn ?? "", /task-definition\/flightdeck-fixture-mcp:1$/);
    assert.equal(await healthHash(outputs.apiHealthUrl!), hash("a"));
    assert.equal(await healthHash(outputs.webUrl!), hash("b"));
    assert.equal(await healthHash(outputs.mcpHealthUrl!), hash("c"));
  });

  it("ships the project's own api handler and web page", async () => {
    const handler = readFileSync(join(releaseProjectDir, "services", "api", "handler.ts"));
    const config = await new LambdaClient(awsClientConfig(aws.moto.endpoint)).send(
      new GetFunctionConfigurationCommand({ FunctionName: outputs.apiFunctionName }),
    );
    assert.equal(
      config.Environment?.Variables?.BUNDLE_SHA256,
      createHash("sha256").update(handler).digest("hex"),
    );
    const page = await new S3Client({
      ...awsClientConfig(aws.moto.endpoint),
      forcePathStyle: true,
    }).send(
      new GetObjectCommand({
        Bucket: outputs.webBucketName,
        Key: `releases/${hash("b")}/index.html`,
      }),
    );
    assert.equal(page.ContentType, "text/html; charset=utf-8");
    assert.equal(page.CacheControl, "no-cache");
    assert.equal(
      await page.Body?.transformToString(),
      `<html><head><meta name="git-hash" content="${hash("b")}"></head></html>\n`,
    );
  });

  it("a new api hash changes only api resources and publishes a version that serves it", async () => {
    await stack.setConfig("flightdeck:apiGitHash", { value: hash("d") });
    const changed = await up();
    assert.deepEqual(changed.sort(), ["api-candidate", "api-function", "api-live"]);
    assert.equal(outputs.apiLiveVersion, "2");
    assert.equal(await healthHash(outputs.apiHealthUrl!), hash("d"));
    assert.equal(await healthHash(outputs.webUrl!), hash("b"));
  });

  it("a pin keeps alias live on an earlier version", async () => {
    await stack.setConfig("flightdeck:apiPinnedVersion", { value: "1" });
    assert.deepEqual(await up(), ["api-live"]);
    assert.equal(await healthHash(outputs.apiHealthUrl!), hash("a"));
    await stack.removeConfig("flightdeck:apiPinnedVersion");
    await up();
  });

  it("a pointer moved outside the engine shows at once and is read back by refresh", async () => {
    const lambda = new LambdaClient(awsClientConfig(aws.moto.endpoint));
    await lambda.send(
      new UpdateAliasCommand({
        FunctionName: outputs.apiFunctionName,
        Name: "live",
        FunctionVersion: "1",
      }),
    );
    assert.equal(await healthHash(outputs.apiHealthUrl!), hash("a"));
    await stack.refresh();
    const state = await stack.exportStack();
    const alias = (
      state.deployment as { resources: Array<{ urn: string; outputs?: { version?: string } }> }
    ).resources.find((r) => r.urn.endsWith("::api-live"));
    assert.equal(alias?.outputs?.version, "1");
  });

  it("a failing hash answers 503", async () => {
    aws.runtime.failHash("mcp", hash("c"));
    assert.equal(await healthHash(outputs.mcpHealthUrl!), "HTTP 503");
  });
});
