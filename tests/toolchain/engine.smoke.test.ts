import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { TextFile } from "../fixtures/text-file";
import { createInlineStack, createTestEngine, type TestEngine } from "../support/pulumi-engine";
import { pulumiSdkVersion } from "../../toolchain/paths";

function program() {
  const config = new pulumi.Config();
  const file = new TextFile("greeting", {
    path: config.require("path"),
    content: config.require("content"),
  });
  return Promise.resolve({ content: file.content, bytes: file.bytes });
}

describe("the real pulumi engine runs an inline program with a dynamic resource", () => {
  let engine: TestEngine;
  let stack: Stack;
  let path: string;

  before(async () => {
    engine = await createTestEngine();
    path = join(engine.dir, "greeting.txt");
    stack = await createInlineStack(engine, "smoke", "dev", program);
    await stack.setAllConfig({ path: { value: path }, content: { value: "hello" } });
  });

  after(async () => {
    await engine.cleanup();
  });

  it("reports the engine version it runs", () => {
    // The Automation API picks its features by this version, so it must be the SDK's.
    assert.equal(engine.pulumiCommand.version?.toString(), pulumiSdkVersion());
  });

  it("up creates the resource", async () => {
    const result = await stack.up();
    assert.equal(result.summary.result, "succeeded");
    assert.equal(result.summary.kind, "update");
    assert.deepEqual(result.summary.resourceChanges, { create: 2 });
    assert.equal(result.outputs.content?.value, "hello");
    assert.equal(result.outputs.bytes?.value, 5);
    assert.equal(readFileSync(path, "utf8"), "hello");
  });

  it("preview right after reports no changes", async () => {
    const result = await stack.preview();
    assert.deepEqual(result.changeSummary, { same: 2 });
  });

  it("up with a changed input updates exactly one resource", async () => {
    await stack.setConfig("content", { value: "hello, world" });
    const result = await stack.up();
    assert.deepEqual(result.summary.resourceChanges, { update: 1, same: 1 });
    assert.equal(result.outputs.bytes?.value, 12);
    assert.equal(readFileSync(path, "utf8"), "hello, world");
  });

  it("refresh reads drift made outside the engine back into state", async () => {
    writeFileSync(path, "changed by hand");
    const result = await stack.refresh();
    assert.equal(result.summary.result, "succeeded");
    assert.equal(result.summary.kind, "refresh");
    assert.equal(result.summary.resourceChanges?.update, 1);
    const state = await stack.exportStack();
    const resources = (
      state.deployment as { resources: Array<{ type: string; outputs?: { content?: string } }> }
    ).resources;
    const file = resources.find((r) => r.type === "pulumi-nodejs:dynamic:Resource");
    assert.equal(file?.outputs?.content, "changed by hand");
  });

  it("destroy deletes the resource and the stack's resources", async () => {
    const result = await stack.destroy();
    assert.equal(result.summary.result, "succeeded");
    assert.deepEqual(result.summary.resourceChanges, { delete: 2 });
    assert.equal(existsSync(path), false);
  });
});
