import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { LiveState } from "../../automation/domain/live-state";
import type { ReleaseManifest } from "../../automation/domain/release";
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

  it("lets exactly one of 20 concurrent begins on a stack win, naming the holder to the rest", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        Promise.resolve().then(() => journal.beginOperation(newDeploy("busy", `user-${i}`))),
      ),
    );
    const winners = attempts.filter((a) => "operation" in a);
    assert.equal(winners.length, 1);
    const winner = (winners[0] as { operation: Operation }).operation;
    for (const attempt of attempts.filter((a) => "heldBy" in a)) {
      assert.deepEqual(
        (attempt as { heldBy: { operationId: string } }).heldBy.operationId,
        winner.id,
      );
    }
    const holder = await journal.lockHolder("busy");
    assert.deepEqual(
      { ...holder, since: undefined },
      {
        stack: "busy",
        operationId: winner.id,
        kind: "deploy",
        requestedBy: "user-0",
        since: undefined,
      },
    );
    // Another stack proceeds meanwhile.
    assert.ok("operation" in (await journal.beginOperation(newDeploy("other"))));
    await journal.finishOperation(winner.id, { status: "succeeded" });
    assert.equal(await journal.lockHolder("busy"), undefined);
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

  it("leaves a live owner's operation alone, takes it over once its lease lapsed, and never lets the old owner overwrite that", async () => {
    const owner = new SqliteJournal(file, "another-host:1:abcd");
    try {
      const begun = await owner.beginOperation(newDeploy("leased"));
      assert.ok("operation" in begun);
      const id = begun.operation.id;
      assert.deepEqual(await journal.claimExpired(60_000), [], "a fresh lease is respected");
      assert.equal(
        await journal.settleInterrupted(id),
        undefined,
        "only a claimed operation is settled",
      );
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(await owner.heartbeat([id]), [], "the owner still owns it");
      assert.deepEqual(await journal.claimExpired(60_000), []);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const [claimed] = await journal.claimExpired(20);
      assert.equal(claimed?.id, id, "another host's lease lapsed");
      assert.equal((await journal.settleInterrupted(id))?.status, "interrupted");
      assert.deepEqual(
        await owner.heartbeat([id]),
        [id],
        "the old owner learns it lost the operation",
      );
      const late = await owner.finishOperation(id, { status: "succeeded" });
      assert.equal(
        late.status,
        "interrupted",
        "its late outcome does not overwrite the recovery's",
      );
      assert.equal(await journal.lockHolder("leased"), undefined);
    } finally {
      await owner.close();
    }
  });

  it("settles a pointer move once, with live state and the bad release in the same transaction", async () => {
    const op = await journal.recordOperation({
      stack: "moves",
      kind: "rollback",
      requestedBy: "bob",
      request: {},
    });
    const service = { gitHash: "h2", pointer: "2", tag: 2 };
    const outputs = {} as never;
    await journal.saveLiveState({
      stack: "moves",
      services: { api: service, web: service, mcp: service },
      outputs,
      updatedAt: "t",
    });
    const target = { gitHash: "h1", pointer: "1", tag: 1 };
    const id = await journal.openPointerMove({
      operationId: op.id,
      stack: "moves",
      service: "api",
      from: "2",
      to: "1",
      target,
    });
    assert.deepEqual(
      (await journal.pointerMoves(op.id)).map((m) => m.state),
      ["open"],
    );
    const bad = {
      tag: 2,
      at: "now",
      by: "bob",
      reason: "rolled back to release 1",
      operationId: op.id,
    };
    await journal.settlePointerMove(id, { moved: true, live: target, bad });
    assert.deepEqual((await journal.liveState("moves"))?.services.api, target);
    assert.deepEqual(await journal.badReleases("moves"), [
      { stack: "moves", service: "api", ...bad },
    ]);
    await journal.settlePointerMove(id, { moved: false });
    assert.deepEqual(
      (await journal.pointerMoves(op.id)).map((m) => m.state),
      ["moved"],
      "settled once",
    );
  });

  it("keeps steps, notes and events of an operation in order", async () => {
    const op = await journal.recordOperation({
      stack: "events",
      kind: "preview",
      requestedBy: "bob",
      request: { a: 1 },
    });
    await journal.startStep(op.id, "preflight");
    await journal.finishStep(op.id, "preflight", "succeeded", { commit: "abc" });
    await journal.startStep(op.id, "up");
    for (let i = 0; i < 5; i++) await journal.appendEvent(op.id, "engine", { i });
    await journal.updateOperation(op.id, { affectedServices: ["web"], commit: "abc" });
    await journal.finishStep(op.id, "up", "failed", { message: "boom" });
    const finished = await journal.finishOperation(op.id, {
      status: "failed",
      error: { code: "engine_failed", message: "boom" },
    });
    assert.deepEqual(
      finished.steps.map((s) => [s.name, s.status, s.detail]),
      [
        ["preflight", "succeeded", { commit: "abc" }],
        ["up", "failed", { message: "boom" }],
      ],
    );
    assert.deepEqual(finished.affectedServices, ["web"]);
    assert.deepEqual(finished.request, { a: 1 });
    assert.deepEqual(
      (await journal.listEvents(op.id)).map((e) => [e.seq, e.data.i]),
      [1, 2, 3, 4, 5].map((seq) => [seq, seq - 1]),
    );
    assert.deepEqual(
      (await journal.listEvents(op.id, 3)).map((e) => e.seq),
      [4, 5],
    );
  });

  it("pages newest first with filters and a cursor, without gaps or repeats", async () => {
    const stacks = ["alpha", "beta", "gamma"];
    const created: Operation[] = [];
    for (let i = 0; i < 300; i++) {
      const op = await journal.recordOperation({
        stack: stacks[i % 3]!,
        kind: i % 2 ? "deploy" : "refresh",
        requestedBy: "p",
        request: {},
      });
      created.push(
        await journal.finishOperation(op.id, { status: i % 5 === 0 ? "failed" : "succeeded" }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await journal.listOperations({ stack: "beta", limit: 7, cursor });
      seen.push(...page.items.map((o) => o.id));
      assert.ok(page.items.every((o) => o.stack === "beta"));
      cursor = page.nextCursor;
    } while (cursor);
    // Newest first; operations created in the same millisecond in id order, descending.
    const newestFirst = (a: Operation, b: Operation) =>
      b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
    const expected = created
      .filter((o) => o.stack === "beta")
      .sort(newestFirst)
      .map((o) => o.id);
    assert.equal(seen.length, 100);
    assert.deepEqual(seen, expected);
    const failedDeploys = await journal.listOperations({
      stack: "alpha",
      status: "failed",
      kind: "deploy",
      limit: 100,
    });
    const expectedFailed = created.filter(
      (o) => o.stack === "alpha" && o.status === "failed" && o.kind === "deploy",
    );
    assert.deepEqual(
      failedDeploys.items.map((o) => o.id).sort(),
      expectedFailed.map((o) => o.id).sort(),
    );
    await assert.rejects(
      () => journal.listOperations({ limit: 5, cursor: "not-a-cursor" }),
      /cursor must be the nextCursor of a page/,
    );
  });

  it("answers every listing query from an index, without sorting", async () => {
    const cursor = (await journal.listOperations({ limit: 1, stack: "beta" })).nextCursor;
    assert.ok(cursor);
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

  it("records releases per stack and finds the latest", async () => {
    const manifest = (tag: number): ReleaseManifest => ({
      stack: "rel",
      tag,
      commit: `${tag}`.repeat(7),
      deploymentId: `d${tag}`,
      createdAt: new Date().toISOString(),
      services: {
        api: { gitHash: "a", pointer: String(tag) },
        web: { gitHash: "b", pointer: "b" },
        mcp: { gitHash: "c", pointer: "arn" },
      },
    });
    for (const tag of [1, 2, 10]) await journal.saveRelease(manifest(tag));
    assert.equal((await journal.latestRelease("rel"))?.tag, 10);
    assert.equal((await journal.getRelease("rel", 2))?.services.api.pointer, "2");
    assert.deepEqual(
      (await journal.listReleases("rel")).map((m) => m.tag),
      [1, 2, 10],
    );
    assert.equal(await journal.latestRelease("none"), undefined);
    await assert.rejects(() => journal.saveRelease(manifest(2)), /UNIQUE constraint failed/);

    // The live state moves with a release, in the same transaction: a release refused
    // as a duplicate leaves it as it was.
    const live = (tag: number): LiveState => ({
      stack: "rel",
      services: {
        api: { ...manifest(tag).services.api, tag },
        web: { ...manifest(tag).services.web, tag: 1 },
        mcp: { ...manifest(tag).services.mcp, tag: 1 },
      },
      outputs: {} as LiveState["outputs"],
      updatedAt: new Date().toISOString(),
    });
    await journal.saveRelease(manifest(11), live(11));
    assert.equal((await journal.liveState("rel"))?.services.api.tag, 11);
    await assert.rejects(
      () => journal.saveRelease(manifest(11), live(12)),
      /UNIQUE constraint failed/,
    );
    assert.equal((await journal.liveState("rel"))?.services.api.tag, 11);
    await journal.saveLiveState(live(2));
    assert.equal((await journal.liveState("rel"))?.services.api.pointer, "2");
    assert.equal(await journal.liveState("none"), undefined);
  });

  it("keeps invalidations by idempotency key and by id, one per key", async () => {
    const record = {
      stack: "inv",
      id: "I2J0",
      idempotencyKey: "k-1",
      distributionId: "E1",
      paths: ["/", "/assets/*"],
      requestedBy: "ci",
      createdAt: new Date().toISOString(),
    };
    await journal.saveInvalidation(record);
    assert.deepEqual(await journal.findInvalidation("inv", { idempotencyKey: "k-1" }), record);
    assert.deepEqual(await journal.findInvalidation("inv", { id: "I2J0" }), record);
    assert.equal(await journal.findInvalidation("other", { id: "I2J0" }), undefined);
    await assert.rejects(
      () => journal.saveInvalidation({ ...record, id: "I3" }),
      /UNIQUE constraint failed/,
    );
  });
});
