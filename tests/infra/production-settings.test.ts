import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { repoRoot } from "../../toolchain/paths";
import { createTestEngine, type TestEngine } from "../support/pulumi-engine";
import { runProgram } from "./program-under-mocks";

describe("the committed Pulumi.production.yaml", () => {
  let engine: TestEngine;
  let config: Record<string, string>;
  let workspace: LocalWorkspace;
  let project: string;

  before(async () => {
    engine = await createTestEngine();
    // A copy: the engine writes the stack's encryption salt into the file it reads.
    project = join(engine.dir, "project");
    mkdirSync(join(engine.dir, "state"), { recursive: true });
    mkdirSync(project, { recursive: true });
    for (const file of ["Pulumi.yaml", "Pulumi.production.yaml"])
      copyFileSync(join(repoRoot, file), join(project, file));
    workspace = await LocalWorkspace.create({
      workDir: project,
      pulumiCommand: engine.pulumiCommand,
      envVars: { ...engine.envVars, PULUMI_BACKEND_URL: engine.backendUrl },
    });
    await workspace.createStack("production");
    const values = await workspace.getAllConfig("production");
    config = Object.fromEntries(Object.entries(values).map(([key, entry]) => [key, entry.value]));
  });

  after(() => engine.cleanup());

  it("is read by the real pulumi CLI and sets every required key but the secret", () => {
    assert.deepEqual(config, {
      "aws:region": "eu-west-1",
      "flightdeck:name": "flightdeck",
      "flightdeck:stage": "production",
      "flightdeck:apiGitHash": "0000000",
      "flightdeck:webGitHash": "0000000",
      "flightdeck:mcpGitHash": "0000000",
    });
  });

  it("commits no secret: the operator must set flightdeck:jwtSecret", async () => {
    assert.equal("flightdeck:jwtSecret" in config, false);
    await assert.rejects(runProgram(config), /flightdeck:jwtSecret is required/);
  });

  it("the operator's `config set --secret` stores it encrypted, and the program gets a secret", async () => {
    const value = "operator-chosen-signing-secret";
    await workspace.setConfig("production", "flightdeck:jwtSecret", { value, secret: true });
    const file = readFileSync(join(project, "Pulumi.production.yaml"), "utf8");
    assert.match(file, /flightdeck:jwtSecret:\s+secure: /);
    assert.equal(file.includes(value), false);

    const entries = await workspace.getAllConfig("production");
    assert.equal(entries["flightdeck:jwtSecret"]?.secret, true);
    const run = await runProgram(
      Object.fromEntries(Object.entries(entries).map(([key, entry]) => [key, entry.value])),
    );
    assert.equal(run.outputs.apiAliasName, "live");
    assert.equal(run.outputs.webLiveRelease, "0000000");
    assert.equal(JSON.stringify(run.outputs).includes(value), false);
  });
});
