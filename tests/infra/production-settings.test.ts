import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { repoRoot } from "../../toolchain/paths";
import { createTestEngine, type TestEngine } from "../support/pulumi-engine";
import { baseConfig, runProgram } from "./program-under-mocks";

describe("the committed Pulumi.production.yaml", () => {
  let engine: TestEngine;
  let config: Record<string, string>;

  before(async () => {
    engine = await createTestEngine();
    // A copy: the engine writes the stack's encryption salt into the file it reads.
    const project = join(engine.dir, "project");
    mkdirSync(join(engine.dir, "state"), { recursive: true });
    mkdirSync(project, { recursive: true });
    for (const file of ["Pulumi.yaml", "Pulumi.production.yaml"])
      copyFileSync(join(repoRoot, file), join(project, file));
    const workspace = await LocalWorkspace.create({
      workDir: project,
      pulumiCommand: engine.pulumiCommand,
      envVars: { ...engine.envVars, PULUMI_BACKEND_URL: engine.backendUrl },
    });
    await workspace.createStack("production");
    const values = await workspace.getAllConfig("production");
    config = Object.fromEntries(Object.entries(values).map(([key, entry]) => [key, entry.value]));
  });

  after(() => engine.cleanup());

  it("is read by the real pulumi CLI and names the project's keys", () => {
    assert.equal(config["aws:region"], "eu-west-1");
    assert.equal(config["flightdeck:stage"], "production");
    assert.deepEqual(JSON.parse(config["aws:defaultTags"] ?? "{}"), {
      tags: { Project: "flightdeck", Stage: "production" },
    });
  });

  it("commits no secret: the operator must set flightdeck:jwtSecret", async () => {
    assert.equal("flightdeck:jwtSecret" in config, false);
    await assert.rejects(runProgram(config), /flightdeck:jwtSecret is required/);
  });

  it("satisfies the program once the secret is set", async () => {
    const run = await runProgram({
      ...config,
      "flightdeck:jwtSecret": baseConfig["flightdeck:jwtSecret"]!,
    });
    assert.equal(run.outputs.apiAliasName, "live");
    assert.equal(run.outputs.webLiveRelease, "0000000");
  });
});
