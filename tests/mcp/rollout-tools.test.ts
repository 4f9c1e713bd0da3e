import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { connectMcp, type McpSession } from "../support/mcp-client";
import { deployAtStep, openStandInJournal } from "../support/rollout-stand-in";
import { startServer, tokens, type ServerFixture } from "../support/server-fixture";

interface Accepted {
  deployment: { id: string; status: string };
  command: { seq: number; kind: string; full: boolean; by: string; reason?: string };
}

const text = (result: CallToolResult) =>
  result.content.map((c) => (c.type === "text" ? c.text : c.type)).join("\n");

describe("the rollout tools: pause_rollout, resume_rollout, promote_rollout, abort_rollout", () => {
  let server: ServerFixture;
  let executor: SqliteJournal;
  const sessions: McpSession[] = [];
  const open = async (token: keyof typeof tokens) => {
    const session = await connectMcp(await server.url(), tokens[token]);
    sessions.push(session);
    return session;
  };

  before(async () => {
    server = await startServer();
    executor = openStandInJournal(server.dataDir);
  });

  after(async () => {
    for (const session of sessions) await session.close();
    await executor.close();
    await server.close();
  });

  it("journals each command with who and why, and offers abort only to the rollback scope", async () => {
    const deployer = await open("deployer");
    const names = (await deployer.client.listTools()).tools.map((tool) => tool.name);
    assert.ok(names.includes("pause_rollout") && names.includes("promote_rollout"));
    assert.equal(names.includes("abort_rollout"), false, "a deploy token may not abort");

    const id = await deployAtStep(executor, "agent-driven");
    const paused = await deployer.call("pause_rollout", { deploymentId: id, reason: "p99 up" });
    assert.notEqual(paused.isError, true, text(paused));
    const accepted = paused.structuredContent as unknown as Accepted;
    assert.deepEqual(
      { seq: accepted.command.seq, kind: accepted.command.kind, by: accepted.command.by },
      { seq: 1, kind: "pause", by: "ci" },
    );
    assert.match(text(paused), /pause asked of the rollout .* as command 1 by ci/);
    const promoted = await deployer.call("promote_rollout", { deploymentId: id, full: true });
    assert.equal((promoted.structuredContent as unknown as Accepted).command.full, true);

    const admin = await open("admin");
    const tools = (await admin.client.listTools()).tools;
    assert.equal(
      tools.find((tool) => tool.name === "abort_rollout")?.annotations?.destructiveHint,
      true,
    );
    assert.equal(
      "full" in (tools.find((tool) => tool.name === "pause_rollout")?.inputSchema.properties ?? {}),
      false,
      "only promote takes full",
    );
    const aborted = await admin.call("abort_rollout", { deploymentId: id, reason: "errors" });
    assert.notEqual(aborted.isError, true, text(aborted));

    const journaled = await executor.rolloutCommands(id, 0);
    assert.deepEqual(
      journaled.map(({ kind, full, by, reason }) => ({ kind, full, by, reason })),
      [
        { kind: "pause", full: false, by: "ci", reason: "p99 up" },
        { kind: "promote", full: true, by: "ci", reason: undefined },
        { kind: "abort", full: false, by: "ops-admin", reason: "errors" },
      ],
    );
    await executor.finishOperation(id, { status: "failed" });
  });

  it("answers the server's refusals as tool errors with their code", async () => {
    const deployer = await open("deployer");
    const id = await deployAtStep(executor, "agent-refused");
    await executor.finishStep(id, "rollout", "succeeded");
    const over = await deployer.call("resume_rollout", { deploymentId: id });
    assert.equal(over.isError, true);
    assert.match(text(over), /^not_rolling_out: /);
    await executor.finishOperation(id, { status: "succeeded" });
    const ended = await deployer.call("promote_rollout", { deploymentId: id });
    assert.match(text(ended), /^not_running: /);
    assert.deepEqual(await executor.rolloutCommands(id, 0), []);
  });
});
