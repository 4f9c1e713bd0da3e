import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { ReleaseStack } from "../../automation/engine/release-stack";
import { visibleOutputs } from "../../automation/engine/visible-outputs";
import { countedPulumi } from "../support/counted-pulumi";
import { createTestEngine, openTestSettingsStack, type TestEngine } from "../support/pulumi-engine";
import { repoRoot } from "../../toolchain/paths";

/** Outputs of every kind the state keeps: text, a number, a secret, a secret inside a structure. */
function program() {
  const config = new pulumi.Config();
  // A hash: the server's own setting, which a release lays over the commit's.
  const release = config.require("apiGitHash");
  return Promise.resolve({
    release,
    version: release.length,
    token: pulumi.secret(`token for ${release}`),
    nested: { name: "plain", key: pulumi.secret("nested secret value") },
  });
}

describe("a release stack's up and refresh, read from their own events", () => {
  let engine: TestEngine;
  let settings: Stack;
  let plainProgram: Stack;
  let stack: ReleaseStack;
  let calls: string[];
  const recorded: Array<Record<string, unknown>> = [];

  before(async () => {
    engine = await createTestEngine();
    const pulumiCommand = countedPulumi(engine.pulumiCommand);
    calls = pulumiCommand.calls;
    settings = await openTestSettingsStack(engine, pulumiCommand.command);
    // The program's side reads the same backend from a workspace of its own.
    plainProgram = await LocalWorkspace.selectStack(
      { projectName: "flightdeck", stackName: "production", program },
      {
        workDir: join(engine.dir, "settings"),
        pulumiCommand: engine.pulumiCommand,
        envVars: { ...engine.envVars, PULUMI_BACKEND_URL: engine.backendUrl },
      },
    );
    await mkdir(join(engine.dir, "program"));
    const programStack = await LocalWorkspace.selectStack(
      { projectName: "flightdeck", stackName: "production", program },
      {
        workDir: join(engine.dir, "program"),
        pulumiCommand: pulumiCommand.command,
        envVars: { ...engine.envVars, PULUMI_BACKEND_URL: engine.backendUrl },
        projectSettings: { name: "flightdeck", runtime: "nodejs", main: repoRoot },
      },
    );
    stack = await ReleaseStack.create(settings, programStack, {
      onUp: () => Promise.resolve(),
      afterRun: async (outputs) => void recorded.push(await outputs()),
    });
  });

  after(() => engine.cleanup());

  for (const release of ["first", "second", "second"]) {
    it(`up (${release}) starts the engine once and says what stack output and history would`, async () => {
      await stack.changeConfig({ set: { "flightdeck:apiGitHash": release } });
      calls.length = 0;
      recorded.length = 0;
      const result = await stack.up({});
      assert.deepEqual(calls, ["up"]);

      assert.deepEqual(result.outputs, {
        release: { value: release, secret: false },
        version: { value: release.length, secret: false },
        token: { value: "[secret]", secret: true },
        nested: { value: { name: "plain", key: "[secret]" }, secret: false },
      });
      // What `pulumi stack output` says, secrets apart.
      const { token, nested, ...plain } = await plainProgram.outputs();
      assert.deepEqual(plain, { release: result.outputs.release, version: result.outputs.version });
      assert.deepEqual(token, { value: `token for ${release}`, secret: true });
      assert.deepEqual(nested?.value, { name: "plain", key: "nested secret value" });
      assert.deepEqual(result.resourceChanges, (await plainProgram.info())?.resourceChanges);
      assert.deepEqual(recorded, [await visibleOutputs(plainProgram)]);
    });
  }

  it("a refresh starts the engine once more, to read the outputs its program left", async () => {
    calls.length = 0;
    recorded.length = 0;
    const result = await stack.refresh({ runProgram: true });
    assert.deepEqual(calls, ["refresh", "stack export"]);
    assert.deepEqual(result.resourceChanges, (await plainProgram.info())?.resourceChanges);
    assert.deepEqual(recorded, [await visibleOutputs(plainProgram)]);
  });
});
