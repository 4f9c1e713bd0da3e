import assert from "node:assert/strict";
import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Stack } from "@pulumi/pulumi/automation";
import { changePlainConfig } from "../../automation/engine/plain-config";
import { countedPulumi } from "../support/counted-pulumi";
import { createTestEngine, openTestSettingsStack, type TestEngine } from "../support/pulumi-engine";

describe("plain values written into a stack's settings without the CLI", () => {
  let engine: TestEngine;
  let stack: Stack;
  let file: string;
  const secret = "an operator's secret value";
  const counted = { calls: [] as string[] };

  before(async () => {
    engine = await createTestEngine();
    const pulumi = countedPulumi(engine.pulumiCommand);
    counted.calls = pulumi.calls;
    stack = await openTestSettingsStack(engine, pulumi.command);
    await stack.setConfig("flightdeck:jwtSecret", { value: secret, secret: true });
    await stack.setConfig("flightdeck:apiGitHash", { value: "a".repeat(40) });
    file = join(engine.dir, "settings", "Pulumi.production.yaml");
    await writeFile(file, `# kept by the operator\n${await readFile(file, "utf8")}`);
    await chmod(file, 0o600);
  });

  after(() => engine.cleanup());

  it("sets and drops values as the CLI reads them, keeping secrets, salt, comments and mode", async () => {
    const callsBefore = counted.calls.length;
    await changePlainConfig(stack, {
      set: { "flightdeck:apiGitHash": "b".repeat(40), "flightdeck:apiPinnedVersion": "3" },
    });
    assert.equal(counted.calls.length, callsBefore, "no CLI call");
    let config = await stack.getAllConfig();
    assert.deepEqual(config["flightdeck:apiGitHash"], { value: "b".repeat(40), secret: false });
    // A number-like value stays the string Pulumi config holds.
    assert.deepEqual(config["flightdeck:apiPinnedVersion"], { value: "3", secret: false });
    assert.deepEqual(config["flightdeck:jwtSecret"], { value: secret, secret: true });

    await changePlainConfig(stack, {
      remove: ["flightdeck:apiPinnedVersion", "flightdeck:absent"],
    });
    config = await stack.getAllConfig();
    assert.equal(config["flightdeck:apiPinnedVersion"], undefined);
    assert.deepEqual(config["flightdeck:jwtSecret"], { value: secret, secret: true });

    const text = await readFile(file, "utf8");
    assert.match(text, /^# kept by the operator\n/);
    assert.match(text, /encryptionsalt: /);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(
      (await readdir(join(engine.dir, "settings"))).filter((name) => name.includes(".partial")),
      [],
    );
  });

  it("refuses a settings file that is not YAML, naming it, and leaves it as it was", async () => {
    const before = await readFile(file, "utf8");
    await writeFile(file, "config: [unclosed\n");
    await assert.rejects(
      changePlainConfig(stack, { set: { "flightdeck:apiGitHash": "c".repeat(40) } }),
      (error: Error) => error.message.includes(file) && /not valid YAML/.test(error.message),
    );
    assert.equal(await readFile(file, "utf8"), "config: [unclosed\n");
    await writeFile(file, before);
  });
});
