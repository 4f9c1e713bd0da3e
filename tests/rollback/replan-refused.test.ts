import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Fastify from "fastify";
import type { ReleaseManifest } from "../../automation/domain/release";
import type { Journal } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { OperationEvents } from "../../automation/operations/operation-events";
import { RunningOperations } from "../../automation/operations/running-operations";
import { startOperation } from "../../automation/operations/start-operation";
import { planRollback } from "../../automation/rollback/plan-rollback";

const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-replan-"));
const journal = new SqliteJournal(join(dataDir, "journal.sqlite"));
after(async () => {
  await journal.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const manifest = (stack: string, tag: number): ReleaseManifest => ({
  stack,
  tag,
  commit: `${tag}`.repeat(40).slice(0, 40),
  deploymentId: `deploy-${tag}`,
  createdAt: new Date(Date.UTC(2026, 0, tag)).toISOString(),
  services: {
    api: { gitHash: `api-${tag}`, pointer: `${tag}` },
    web: { gitHash: `web-${tag}`, pointer: `web-${tag}` },
    mcp: { gitHash: `mcp-${tag}`, pointer: `arn:task/mcp:${tag}` },
  },
});

/** The journal as it is once the release asked for is gone: it finds no release of that tag. */
const withoutRelease = (inner: Journal, tag: number): Journal =>
  new Proxy(inner, {
    get(target, key) {
      if (key !== "getRelease") return Reflect.get(target, key, target) as unknown;
      return async (stack: string, asked: number) =>
        asked === tag ? undefined : target.getRelease(stack, asked);
    },
  });

describe("a rollback planned again under the lock", () => {
  it("ends with release_not_found when the target is gone by then, not internal_error", async () => {
    const stack = "replanned";
    await journal.saveRelease(manifest(stack, 1));
    await journal.saveRelease(manifest(stack, 2));
    const services = {
      journal,
      operationEvents: new OperationEvents(),
      runningOperations: new RunningOperations(),
      log: Fastify({ logger: false }).log,
    };
    // The request's own plan finds release 1.
    const plan = await planRollback(journal, stack, ["api"], 1);
    assert.equal(plan.target.tag, 1);
    const started = await startOperation(
      services,
      { stack, kind: "rollback", requestedBy: "ci", request: { to: 1, confirm: true } },
      () => Promise.resolve(false),
      async () => {
        // As the rollback route does: planned again once the lock is held.
        await planRollback(withoutRelease(journal, 1), stack, ["api"], 1);
        return { status: "succeeded" as const };
      },
    );
    assert.ok("started" in started);
    await services.runningOperations.drain();
    const ended = await journal.getOperation(started.started.id);
    assert.equal(ended?.status, "failed");
    assert.deepEqual(ended?.error, {
      code: "release_not_found",
      message: `release 1 of stack ${stack} does not exist`,
    });
    assert.equal(await journal.lockHolder(stack), undefined, "the stack is free again");
  });
});
