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
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { forwardAction, weightsOf } from "../../automation/traffic/mcp-listener-weights";
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
  /** The outputs as the program gives them: mcp's per-side ones are objects. */
  let values: Record<string, unknown>;

  const up = async () => {
    const events: EngineEvent[] = [];
    const result = await stack.up({ onEvent: (e) => events.push(e) });
    values = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
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

  describe("mcp's blue/green pair", () => {
    const sides = () => values.mcpTargetGroups as Record<"blue" | "green", string>;
    const listenerWeights = async () => {
      const elbv2 = new ElasticLoadBalancingV2Client(awsClientConfig(aws.moto.endpoint));
      const { Listeners } = await elbv2.send(
        new DescribeListenersCommand({ ListenerArns: [outputs.mcpListenerArn!] }),
      );
      return weightsOf(Listeners?.[0]?.DefaultActions, sides());
    };
    const moveWeights = async (weights: { blue: number; green: number }) => {
      const elbv2 = new ElasticLoadBalancingV2Client(awsClientConfig(aws.moto.endpoint));
      await elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: outputs.mcpListenerArn,
          DefaultActions: [forwardAction(sides(), weights)],
        }),
      );
    };
    /** Each side's service: its task definition, its desired count, its target group. */
    const services = async () => {
      const ecs = new ECSClient(awsClientConfig(aws.moto.endpoint));
      const names = values.mcpServiceNames as Record<"blue" | "green", string>;
      const { services: found } = await ecs.send(
        new DescribeServicesCommand({
          cluster: outputs.mcpClusterName,
          services: [names.blue, names.green],
        }),
      );
      const of = (name: string) => {
        const service = found?.find((s) => s.serviceName === name);
        return [
          service?.taskDefinition,
          service?.desiredCount,
          service?.loadBalancers?.[0]?.targetGroupArn,
        ];
      };
      return { blue: of(names.blue), green: of(names.green) };
    };
    const revision = (n: number) =>
      `arn:aws:ecs:us-east-1:123456789012:task-definition/flightdeck-fixture-mcp:${n}`;

    it("the listener gives the live side, blue, all the weight; green runs the new revision with no tasks", async () => {
      assert.equal(values.mcpLiveSide, "blue");
      assert.deepEqual(values.mcpServiceNames, { blue: "mcp", green: "mcp-green" });
      assert.equal(outputs.mcpServiceName, "mcp");
      assert.deepEqual(await listenerWeights(), { blue: 100, green: 0 });
      assert.deepEqual(await services(), {
        blue: [revision(1), 1, sides().blue],
        green: [revision(1), 0, sides().green],
      });
      assert.match(outputs.mcpLoadBalancerArnSuffix!, /^app\/flightdeck-fixture-mcp\/\w+$/);
      assert.deepEqual(
        Object.values(values.mcpTargetGroupArnSuffixes as object).map((suffix) =>
          String(suffix).replace(/\/\w+$/, ""),
        ),
        ["targetgroup/flightdeck-fixture-mcp-blue", "targetgroup/flightdeck-fixture-mcp-green"],
      );
    });

    it("requests through the load balancer reach the side the listener's weights draw", async () => {
      // The live side stays on the first build; the idle side gets the new one.
      await stack.setConfig("flightdeck:mcpPinnedTaskDefinition", { value: revision(1) });
      await stack.setConfig("flightdeck:mcpGitHash", { value: hash("e") });
      await up();
      assert.deepEqual(await services(), {
        blue: [revision(1), 1, sides().blue],
        green: [revision(2), 0, sides().green],
      });
      assert.equal(await healthHash(outputs.mcpHealthUrl!), hash("c"));
      await moveWeights({ blue: 0, green: 100 });
      assert.equal(await healthHash(outputs.mcpHealthUrl!), hash("e"));
      await moveWeights({ blue: 50, green: 50 });
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) seen.add(await healthHash(outputs.mcpHealthUrl!));
      // Both halves answer (the chance that 40 draws miss one is 2^-39).
      assert.deepEqual([...seen].sort(), [hash("c"), hash("e")]);
    });

    it("a refresh reads the weights AWS has, and the next up declares all of it on the live side", async () => {
      await moveWeights({ blue: 75, green: 25 });
      await stack.refresh();
      const state = await stack.exportStack();
      const listener = (
        state.deployment as {
          resources: Array<{ urn: string; outputs?: { weights?: unknown } }>;
        }
      ).resources.find((r) => r.urn.endsWith("::mcp-http"));
      assert.deepEqual(listener?.outputs?.weights, { blue: 75, green: 25 });
      assert.deepEqual(await up(), ["mcp-http"]);
      assert.deepEqual(await listenerWeights(), { blue: 100, green: 0 });
    });

    it("with green live, green's service is mcp's, with a task and all the weight", async () => {
      await stack.removeConfig("flightdeck:mcpPinnedTaskDefinition");
      await stack.setConfig("flightdeck:mcpLiveSide", { value: "green" });
      await up();
      assert.equal(values.mcpLiveSide, "green");
      assert.equal(outputs.mcpServiceName, "mcp-green");
      assert.equal(outputs.mcpTaskDefinitionArn, revision(2));
      assert.deepEqual(await listenerWeights(), { blue: 0, green: 100 });
      assert.deepEqual(await services(), {
        blue: [revision(2), 0, sides().blue],
        green: [revision(2), 1, sides().green],
      });
      assert.equal(await healthHash(outputs.mcpHealthUrl!), hash("e"));
      await stack.setConfig("flightdeck:mcpLiveSide", { value: "blue" });
      await up();
    });
  });

  it("a failing hash answers 503", async () => {
    // mcp's live build since the pair's tests.
    aws.runtime.failHash("mcp", hash("e"));
    assert.equal(await healthHash(outputs.mcpHealthUrl!), "HTTP 503");
  });
});
