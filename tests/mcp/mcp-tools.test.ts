import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { connectMcp, type McpSession } from "../support/mcp-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokens } from "../support/server-fixture";

interface Operation {
  id: string;
  status: string;
  kind: string;
  releaseTag?: number;
  steps: Array<{ name: string; status: string }>;
  error?: { code: string; message: string };
}
interface Plan {
  to: number;
  changes: Array<{ service: string; fromTag: number; from: string; to: string }>;
  unchanged: string[];
}
interface StackStatus {
  live: Record<"api" | "web" | "mcp", { tag: number; pointer: string }>;
  lastRelease: { tag: number };
}

const readTools = ["deployment_events", "get_deployment", "history", "status"];
const deployTools = [
  "deploy",
  "invalidate",
  "pause_rollout",
  "preview",
  "promote_rollout",
  "resume_rollout",
];
const rollbackTools = ["abort_rollout", "plan_rollback", "rollback"];

/** A tool's structured result, failing with its text when it answered an error. */
function structured<T>(result: CallToolResult): T {
  const text = result.content.map((c) => (c.type === "text" ? c.text : c.type)).join("\n");
  assert.notEqual(result.isError, true, text);
  assert.ok(result.structuredContent, `no structured content: ${text}`);
  return result.structuredContent as T;
}

/** A tool error's body: the server's error contract, as the tool passes it on. */
function toolError(result: CallToolResult): { code: string; message: string; details?: unknown } {
  assert.equal(result.isError, true, JSON.stringify(result));
  const first = result.content[0];
  assert.ok(first?.type === "text");
  const json = first.text.slice(first.text.indexOf("\n") + 1);
  return (JSON.parse(json) as { error: { code: string; message: string } }).error;
}

describe("flightdeck's MCP tools, driven by the SDK's own client", () => {
  let world: ReleaseWorld;
  let admin: McpSession;
  const sessions: McpSession[] = [];

  const open = async (token: string) => {
    const session = await connectMcp(await world.server.url(), token);
    sessions.push(session);
    return session;
  };
  const toolNames = async (session: McpSession) =>
    (await session.client.listTools()).tools.map((tool) => tool.name).sort();

  /** Reads an operation's events through the tool until it has ended, then its final state. */
  async function follow(id: string): Promise<{ operation: Operation; types: Set<string> }> {
    const types = new Set<string>();
    let afterSeq = 0;
    for (let round = 0; round < 20; round++) {
      const read = structured<{
        events: Array<{ seq: number; type: string }>;
        lastSeq: number;
        finished: boolean;
      }>(await admin.call("deployment_events", { deploymentId: id, afterSeq, waitSeconds: 30 }));
      for (const event of read.events) {
        assert.ok(event.seq > afterSeq, "events come after afterSeq, in order");
        types.add(event.type);
      }
      afterSeq = read.lastSeq;
      if (read.finished) {
        const operation = structured<Operation>(
          await admin.call("get_deployment", { deploymentId: id }),
        );
        return { operation, types };
      }
    }
    throw new Error(`operation ${id} did not end`);
  }

  async function deploy(): Promise<Operation> {
    const started = structured<{ deployment: Operation }>(
      await admin.call("deploy", { stack: "production" }),
    );
    assert.equal(started.deployment.status, "running", "deploy answers at once");
    const { operation, types } = await follow(started.deployment.id);
    assert.equal(operation.status, "succeeded", JSON.stringify(operation.error));
    assert.ok(types.has("step") && types.has("status"), [...types].join(","));
    assert.ok(!types.has("engine"), "engine events only when asked for");
    return operation;
  }

  const status = async () =>
    structured<StackStatus>(await admin.call("status", { stack: "production" }));

  before(async () => {
    world = await startReleaseWorld(["production"]);
    admin = await open(tokens.admin);
  });

  after(async () => {
    for (const session of sessions) await session.close();
    await world?.stop();
  });

  it("lists only the tools the token's scopes allow", async () => {
    assert.deepEqual(
      await toolNames(admin),
      [...readTools, ...deployTools, ...rollbackTools].sort(),
    );
    const reader = await open(tokens.reader);
    assert.deepEqual(await toolNames(reader), readTools);
    // Not ours to answer: the SDK refuses a tool that was never registered.
    const refused = await reader.call("deploy", { stack: "production" });
    assert.equal(refused.isError, true);
    assert.match(JSON.stringify(refused.content), /Tool deploy not found/);
    const deployer = await open(tokens.deployer);
    assert.deepEqual(await toolNames(deployer), [...readTools, ...deployTools].sort());

    const tools = (await admin.client.listTools()).tools;
    const rollback = tools.find((tool) => tool.name === "rollback");
    assert.equal(rollback?.annotations?.destructiveHint, true);
    assert.ok(rollback?.inputSchema.required?.includes("planId"));
    assert.equal(tools.find((tool) => tool.name === "status")?.annotations?.readOnlyHint, true);
  });

  it("answers the server's error contract as tool errors", async () => {
    const unknownStack = toolError(await admin.call("status", { stack: "staging" }));
    assert.equal(unknownStack.code, "unknown_stack");
    assert.match(unknownStack.message, /Pulumi\.staging\.yaml/);

    const unknownOperation = toolError(
      await admin.call("get_deployment", { deploymentId: randomUUID() }),
    );
    assert.equal(unknownOperation.code, "not_found");

    const nothingYet = toolError(await admin.call("plan_rollback", { stack: "production" }));
    assert.equal(nothingYet.code, "no_release");
  });

  it("deploys through the tool and follows it to success, twice", async () => {
    const first = await deploy();
    assert.equal(first.releaseTag, 1);
    // Read to the end: asking on answers at once that nothing more will come.
    const all = structured<{ events: Array<{ type: string }>; lastSeq: number }>(
      await admin.call("deployment_events", { deploymentId: first.id, types: ["status"] }),
    );
    assert.deepEqual(
      all.events.map((event) => event.type),
      ["status"],
    );
    const asked = Date.now();
    const rest = structured<{ events: unknown[]; finished: boolean }>(
      await admin.call("deployment_events", { deploymentId: first.id, afterSeq: all.lastSeq }),
    );
    assert.deepEqual(rest, {
      deploymentId: first.id,
      events: [],
      lastSeq: all.lastSeq,
      finished: true,
    });
    assert.ok(Date.now() - asked < 5_000, "an ended operation does not wait");

    world.repo.commit({ "services/shared/version.ts": "export const v = 2;\n" }, "all");
    assert.equal((await deploy()).releaseTag, 2);
    const live = (await status()).live;
    assert.deepEqual(
      Object.values(live).map((service) => service.tag),
      [2, 2, 2],
    );
  });

  it("invalidates web paths through a deployer's tool, once per set of paths", async () => {
    const deployer = await open(tokens.deployer);
    const paths = ["/docs/*", "/docs/guide.html"];
    const first = structured<{
      invalidation: { id: string; created: boolean; dropped: Array<{ path: string }> };
    }>(await deployer.call("invalidate", { stack: "production", paths }));
    assert.equal(first.invalidation.created, true);
    assert.deepEqual(
      first.invalidation.dropped.map((d) => d.path),
      ["/docs/guide.html"],
    );
    const again = structured<{ invalidation: { id: string; created: boolean } }>(
      await deployer.call("invalidate", { stack: "production", paths }),
    );
    assert.deepEqual(
      [again.invalidation.id, again.invalidation.created],
      [first.invalidation.id, false],
    );

    const invalid = toolError(
      await deployer.call("invalidate", { stack: "production", paths: ["docs"] }),
    );
    assert.equal(invalid.code, "invalid_request");
    assert.match(invalid.message, /\/body\/paths/);
  });

  let stale: { planId: string; plan: Plan };

  it("refuses a plan id that live state has outgrown, with the new plan and its id", async () => {
    stale = structured(await admin.call("plan_rollback", { stack: "production" }));
    assert.equal(stale.plan.to, 1);
    assert.deepEqual(
      stale.plan.changes.map((change) => [change.service, change.fromTag]),
      [
        ["api", 2],
        ["web", 2],
        ["mcp", 2],
      ],
    );
    const again = structured<{ planId: string }>(
      await admin.call("plan_rollback", { stack: "production", services: "all" }),
    );
    assert.equal(again.planId, stale.planId, "the same plan has the same id");

    world.repo.commit({ "services/api/handler.ts": "export const api = 3;\n" }, "api");
    assert.equal((await deploy()).releaseTag, 3);
    const before = await status();

    const refused = toolError(
      await admin.call("rollback", { stack: "production", planId: stale.planId }),
    );
    assert.equal(refused.code, "stale_plan");
    const { planId, plan } = refused.details as { planId: string; plan: Plan };
    assert.notEqual(planId, stale.planId);
    assert.equal(plan.to, 2);
    assert.deepEqual(
      plan.changes.map((change) => [change.service, change.fromTag]),
      [["api", 3]],
    );
    assert.deepEqual(await status(), before, "a refused rollback moves nothing");
  });

  it("rolls back with the plan id it showed, and live moves back", async () => {
    const shown = structured<{ planId: string; plan: Plan }>(
      await admin.call("plan_rollback", { stack: "production", services: ["api"] }),
    );
    const history = structured<{
      releases: Array<{ tag: number; services: Record<string, { pointer: string }> }>;
    }>(await admin.call("history", { stack: "production" }));
    const release2 = history.releases.find((release) => release.tag === 2)!;
    assert.deepEqual(shown.plan.changes[0]?.to, release2.services.api?.pointer);

    const started = structured<{ deployment: Operation; planId: string }>(
      await admin.call("rollback", {
        stack: "production",
        services: ["api"],
        planId: shown.planId,
      }),
    );
    assert.equal(started.deployment.kind, "rollback");
    const { operation } = await follow(started.deployment.id);
    assert.equal(operation.status, "succeeded", JSON.stringify(operation.error));

    const { live, lastRelease } = await status();
    assert.equal(lastRelease.tag, 3);
    assert.equal(live.api.tag, 2, "the api runs release 2 again");
    assert.equal(live.api.pointer, release2.services.api?.pointer);
    const marked = structured<{ releases: Array<{ tag: number; bad: Record<string, unknown> }> }>(
      await admin.call("history", { stack: "production" }),
    );
    assert.deepEqual(Object.keys(marked.releases[0]!.bad), ["api"], "release 3 is bad for the api");
  });
});
