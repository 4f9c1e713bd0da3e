import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import type { Operation, OperationFilter } from "../../automation/journal/journal";
import { listQuery } from "../../automation/journal/list-query";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { repoRoot } from "../../toolchain/paths";

const child = join(__dirname, "journal-child.ts");
/** Every migration the journal ships, each applied exactly once. */
const migrationNames = readdirSync(join(repoRoot, "automation/journal/migrations"))
  .filter((name) => name.endsWith(".sql"))
  .sort()
  .map((name) => ({ name }));
const newDeploy = (stack: string, requestedBy = "alice") => ({
  stack,
  kind: "deploy" as const,
  requestedBy,
  request: {},
});

/** Runs journal-child.ts in a process of its own; resolves with what it printed. */
function runChildAsync(command: string, file: string, stack: string): Promise<unknown> {
  const process_ = spawn(process.execPath, ["--import", "tsx", child, command, file, stack], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  process_.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  process_.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    process_.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as unknown)
        : reject(new Error(`child exited with ${code}: ${stderr}`)),
    ),
  );
}

function runChild(command: string, file: string, stack: string): unknown {
  const result = spawnSync(process.execPath, ["--import", "tsx", child, command, file, stack], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as unknown;
}

/**
 * What only the SQLite journal does: one file that processes on this host share, its
 * migrations and WAL, its owners known gone from this host, its query plans. What every
 * journal does is the contract's (sqlite-journal-contract.test.ts runs it on SQLite).
 */
describe("SQLite journal", () => {
  let dir: string;
  let file: string;
  let journal: SqliteJournal;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "flightdeck-journal-"));
    file = join(dir, "journal.sqlite");
    journal = new SqliteJournal(file);
  });

  after(async () => {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reopens an existing file without applying migrations again", async () => {
    const again = new SqliteJournal(file);
    await again.close();
    // The first instance still works on the same schema.
    assert.equal((await journal.listOperations({ limit: 1 })).items.length, 0);
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      const applied = db.prepare("SELECT name FROM schema_migrations").all();
      assert.deepEqual(applied, migrationNames);
      assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    } finally {
      db.close();
    }
  });

  it("applies each migration once when several processes open a new file at the same time", async () => {
    const fresh = join(dir, "fresh.sqlite");
    const results = (await Promise.all(
      ["s1", "s2", "s3", "s4"].map((stack) => runChildAsync("begin", fresh, stack)),
    )) as Array<{ operation?: Operation }>;
    assert.ok(results.every((result) => result.operation));
    const db = new BetterSqlite3(fresh, { readonly: true });
    try {
      assert.deepEqual(db.prepare("SELECT name FROM schema_migrations").all(), migrationNames);
    } finally {
      db.close();
    }
  });

  it("holds the lock against another process sharing the file", async () => {
    const begun = await journal.beginOperation(newDeploy("shared"));
    assert.ok("operation" in begun);
    const fromChild = runChild("begin", file, "shared") as { heldBy?: { operationId: string } };
    assert.equal(fromChild.heldBy?.operationId, begun.operation.id);
    await journal.finishOperation(begun.operation.id, {
      status: "failed",
      error: { code: "x", message: "y" },
    });
    const afterwards = runChild("begin", file, "shared") as { operation?: Operation };
    assert.ok(afterwards.operation, "the next process gets the stack once it is free");
    // Only its owner finishes an operation; this one's process has exited.
    await journal.finishOperation(afterwards.operation.id, { status: "succeeded" });
    assert.equal((await journal.getOperation(afterwards.operation.id))?.status, "running");
    const [claimed] = await journal.claimExpired(60_000);
    assert.equal(claimed?.id, afterwards.operation.id, "its owner is gone from this host");
    await journal.settleInterrupted(afterwards.operation.id);
  });

  it("lets exactly one of several processes beginning on one stack at once win", async () => {
    const results = (await Promise.all(
      Array.from({ length: 6 }, () => runChildAsync("begin", file, "contested")),
    )) as Array<{ operation?: Operation; heldBy?: { operationId: string } }>;
    const winners = results.filter((result) => result.operation);
    assert.equal(winners.length, 1);
    const winner = winners[0]!.operation!;
    assert.ok(results.every((r) => r.operation || r.heldBy?.operationId === winner.id));
    assert.equal((await journal.lockHolder("contested"))?.operationId, winner.id);
    await journal.finishOperation(winner.id, { status: "succeeded" });
  });

  it("recovers an operation whose process was killed with SIGKILL: interrupted, lock freed, nothing lost", async () => {
    const hanging = spawn(
      process.execPath,
      ["--import", "tsx", child, "begin-and-hang", file, "crashy"],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const line = await new Promise<string>((resolve) =>
      hanging.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())),
    );
    const { operation } = JSON.parse(line) as { operation: Operation };
    hanging.kill("SIGKILL");
    await new Promise((resolve) => hanging.once("exit", resolve));

    assert.ok(
      "heldBy" in (await journal.beginOperation(newDeploy("crashy"))),
      "the dead process still holds the lock",
    );
    // The owner's process is gone from this host: its lease need not expire first.
    const claimed = await journal.claimExpired(60_000);
    assert.deepEqual(
      claimed.map((o) => o.id).filter((id) => id === operation.id),
      [operation.id],
    );
    assert.equal((await journal.settleInterrupted(operation.id))?.status, "interrupted");
    const after = await journal.getOperation(operation.id);
    assert.equal(after?.status, "interrupted");
    assert.equal(after?.error?.code, "interrupted");
    assert.deepEqual(
      after?.steps.map((s) => [s.name, s.status]),
      [["up", "cancelled"]],
    );
    assert.equal(after?.requestedBy, "child");
    // Its events end like any finished operation's: with the final status.
    assert.deepEqual(
      (await journal.listEvents(operation.id)).map((e) => [e.type, e.data.status]),
      [["status", "interrupted"]],
    );
    const next = await journal.beginOperation(newDeploy("crashy"));
    assert.ok("operation" in next, "the next operation runs");
    await journal.finishOperation(next.operation.id, { status: "succeeded" });
  });

  it("answers a page asked again with what another process wrote since", async () => {
    const stack = `listed-${randomUUID()}`;
    const filter = { stack, limit: 5 };
    assert.deepEqual((await journal.listOperations(filter)).items, []);
    assert.deepEqual((await journal.listOperations(filter)).items, []);
    const { operation } = runChild("begin", file, stack) as { operation: Operation };
    const listed = (await journal.listOperations(filter)).items;
    // The child's answer came through JSON, which leaves out the unset fields.
    assert.deepEqual(JSON.parse(JSON.stringify(listed)), [operation]);
  });

  it("answers every listing query from an index, without sorting", async () => {
    // Any well-formed position is a cursor, and the plan does not depend on the rows.
    const cursor = `${new Date().toISOString()}_${randomUUID()}`;
    const filters: OperationFilter[] = [
      { limit: 20 },
      { limit: 20, cursor },
      { limit: 20, stack: "beta", cursor },
      { limit: 20, status: "failed", cursor },
      { limit: 20, kind: "deploy", cursor },
      { limit: 20, stack: "alpha", status: "failed", kind: "deploy", cursor },
    ];
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      for (const filter of filters) {
        const { sql, params } = listQuery(filter);
        const plan = (
          db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>
        ).map((row) => row.detail);
        assert.ok(
          plan.some((step) => /USING INDEX operations_by_/.test(step)),
          `${JSON.stringify(filter)}: ${plan.join("; ")}`,
        );
        assert.ok(
          !plan.some((step) => /TEMP B-TREE/.test(step)),
          `${JSON.stringify(filter)} sorts: ${plan.join("; ")}`,
        );
      }
    } finally {
      db.close();
    }
  });
});
