import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Stack } from "@pulumi/pulumi/automation";
import Fastify from "fastify";
import { changePlainConfig } from "../../automation/engine/plain-config";
import { SecretMask } from "../../automation/secrets/secret-mask";
import { learnStackSecrets } from "../../automation/secrets/stack-secrets";
import { countedPulumi } from "../support/counted-pulumi";
import { createTestEngine, openTestSettingsStack, type TestEngine } from "../support/pulumi-engine";

describe("a stack's secrets learned by the mask", () => {
  let engine: TestEngine;
  let stack: Stack;
  let calls: string[];
  const mask = new SecretMask();
  const log = Fastify({ logger: false }).log;

  before(async () => {
    engine = await createTestEngine();
    const pulumi = countedPulumi(engine.pulumiCommand);
    calls = pulumi.calls;
    stack = await openTestSettingsStack(engine, pulumi.command);
    await stack.setConfig("flightdeck:jwtSecret", { value: "first secret value", secret: true });
  });

  after(() => engine.cleanup());

  it("are decrypted once, and again only when a secret changed", async () => {
    calls.length = 0;
    await learnStackSecrets(stack, mask, log);
    assert.equal(mask.text("token: first secret value"), "token: [secret]");
    assert.deepEqual(calls, ["config"]);

    // A deploy's own plain settings change nothing secret.
    await changePlainConfig(stack, { set: { "flightdeck:apiGitHash": "a".repeat(40) } });
    await learnStackSecrets(stack, mask, log);
    assert.deepEqual(calls, ["config"]);

    await stack.setConfig("flightdeck:dbPassword", { value: "second secret value", secret: true });
    calls.length = 0;
    await learnStackSecrets(stack, mask, log);
    assert.deepEqual(calls, ["config"]);
    assert.equal(mask.text("second secret value"), "[secret]");
  });
});
