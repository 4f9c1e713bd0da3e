import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { inspect } from "node:util";
import { Client } from "pg";
import type { LockHolder, Operation } from "../../automation/journal/journal";
import { PostgresJournal } from "../../automation/journal/postgres-journal";
import { listQuery } from "../../automation/journal/postgres-operations";
import { repoRoot } from "../../toolchain/paths";
import { startPostgres, type PostgresServer } from "../support/postgres-server";
import { journalContract } from "./journal-contract";

const child = join(__dirname, "postgres-journal-child.ts");
const migrationNames = readdirSync(join(repoRoot, "automation/journal/migrations-postgres"))
  .filter((name) => name.endsWith(".sql"))
  .sort();
const newDeploy = (stack: string, requestedBy = "parent") => ({
  stack,
  kind: "deploy" as const,
  requestedBy,
  request: {},
});
type Begun = { operation: Operation } | { heldBy: LockHolder };

let server: PostgresServer;
let contractUrl: string;

before(async () => {
  server = await startPostgres();
  contractUrl = await server.createDatabase();
});

after(async () => {
  await server.stop();
});

journalContract("PostgreSQL", (options = {}) =>
  PostgresJournal.open(contractUrl, options.instanceId, options),
);

/** Runs a query on a database behind the journal's back. */
async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function startChild(args: string[]) {
  const process_ = spawn(process.execPath, ["--import", "tsx", child, ...args], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  // Waited for from the start: an exit (or a second line in the same chunk) that comes
  // before anyone asks for it must not be missed.
  const exited = once(process_, "exit");
  const lines = createInterface({ input: process_.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    assert.equal(line.done, false, "the child ended before its next line");
    return String(line.value);
  };
  return { process: process_, nextLine, exited };
}

describe("PostgreSQL journal: across instances and processes", () => {
  let url: string;
  let journal: PostgresJournal;

  before(async () => {
    url = await server.createDatabase();
    journal = await PostgresJournal.open(url);
  });

  after(async () => {
    await journal.close();
  });

  it("applies each migration once when several instances open a new database at the same time", async () => {
    const fresh = await server.createDatabase();
    const journals = await Promise.all(
      Array.from({ length: 4 }, () => PostgresJournal.open(fresh)),
    );
    try {
      const applied = await query<{ name: string }>(fresh, "SELECT name FROM schema_migrations");
      assert.deepEqual(applied.map((row) => row.name).sort(), migrationNames);
      const begun = await Promise.all(
        journals.map((one, i) => one.beginOperation(newDeploy(`s${i}`))),
      );
      assert.ok(begun.every((result) => "operation" in result));
    } finally {
      await Promise.all(journals.map((one) => one.close()));
    }
    const reopened = await PostgresJournal.open(fresh);
    await reopened.close();
    assert.equal(
      (await query(fresh, "SELECT name FROM schema_migrations")).length,
      migrationNames.length,
    );
  });

  it("takes no rollout command while the rollout step's ending is under way: it waits, then refuses", async () => {
    const begun = await journal.beginOperation(newDeploy("ending-rollout"));
    assert.ok("operation" in begun);
    const { id } = begun.operation;
    await journal.startStep(id, "rollout");
    // The executor ending the step, its transaction not yet committed.
    const ending = new Client({ connectionString: url });
    await ending.connect();
    try {
      await ending.query("BEGIN");
      await ending.query(
        "UPDATE steps SET status = 'succeeded' WHERE operation_id = $1 AND name = 'rollout'",
        [id],
      );
      let settled = false;
      const asked = journal
        .requestRolloutCommand(id, { kind: "abort", by: "on-call" })
        .finally(() => (settled = true));
      await sleep(300);
      assert.equal(settled, false, "it waits for the ending rather than read the step as running");
      await ending.query("COMMIT");
      assert.equal(await asked, undefined, "then the step no longer runs");
    } finally {
      await ending.end();
    }
    assert.deepEqual(await journal.rolloutCommands(id, 0), []);
    await journal.finishOperation(id, { status: "succeeded" });
  });

  it("lets exactly one of 20 begins from two processes win, the other 19 naming it", async () => {
    const stack = "two-processes";
    const other = startChild(["begin", url, stack, "10"]);
    assert.equal(await other.nextLine(), "ready");
    other.process.stdin.write("go\n");
    const [ours, theirs] = await Promise.all([
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          journal.beginOperation(newDeploy(stack, `parent-${i}`)),
        ),
      ),
      other.nextLine().then((line) => JSON.parse(line) as Begun[]),
    ]);
    await other.exited;
    const all = [...ours, ...theirs];
    const winners = all.flatMap((a) => ("operation" in a ? [a.operation] : []));
    assert.equal(winners.length, 1);
    const winner = winners[0]!;
    assert.equal(all.filter((a) => "heldBy" in a && a.heldBy.operationId === winner.id).length, 19);
    assert.equal((await journal.listOperations({ stack, limit: 100 })).items.length, 1);
    if (winner.requestedBy.startsWith("child")) {
      // The child has exited: its operation's owner is known gone from this host.
      assert.ok((await journal.claimExpired(60_000)).some((o) => o.id === winner.id));
      assert.equal((await journal.settleInterrupted(winner.id))?.status, "interrupted");
    } else {
      await journal.finishOperation(winner.id, { status: "succeeded" });
    }
    assert.equal(await journal.lockHolder(stack), undefined);
  });

  it("recovers the operation of a process killed with SIGKILL at once: its owner is known gone here", async () => {
    const hanging = startChild(["begin-and-hang", url, "crashy"]);
    const { operation } = JSON.parse(await hanging.nextLine()) as { operation: Operation };
    hanging.process.kill("SIGKILL");
    await hanging.exited;
    assert.ok("heldBy" in (await journal.beginOperation(newDeploy("crashy"))));
    const claimed = await journal.claimExpired(60_000);
    assert.deepEqual(
      claimed.filter((o) => o.id === operation.id).map((o) => o.requestedBy),
      ["child-0"],
    );
    const settled = await journal.settleInterrupted(operation.id);
    assert.deepEqual(
      settled?.steps.map((s) => [s.name, s.status]),
      [["up", "cancelled"]],
    );
    const next = await journal.beginOperation(newDeploy("crashy"));
    assert.ok("operation" in next);
    await journal.finishOperation(next.operation.id, { status: "succeeded" });
  });

  it("tells a listening instance of every event another instance commits, in order", async () => {
    const writer = await PostgresJournal.open(url);
    const heard: Array<[string, number]> = [];
    const stop = await journal.listenEvents((id, seq) => heard.push([id, seq]));
    try {
      const op = await writer.recordOperation(newDeploy("listened"));
      for (let i = 0; i < 5; i++) await writer.appendEvent(op.id, "engine", { i });
      await writer.finishOperation(op.id, { status: "succeeded" });
      await writer.appendEvent(op.id, "status", { status: "succeeded" });
      await assert.rejects(writer.appendEvent("no-such-operation", "log", {}), RangeError);
      const deadline = Date.now() + 5_000;
      while (heard.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(
        heard,
        [1, 2, 3, 4, 5, 6].map((seq) => [op.id, seq]),
      );
    } finally {
      await stop();
      await writer.close();
    }
  });

  it("listens again after its connection was cut, and says so", async () => {
    let reconnected = 0;
    const heard: number[] = [];
    const stop = await journal.listenEvents((_, seq) => heard.push(seq), {
      onReconnect: () => reconnected++,
      retryMs: 20,
    });
    try {
      const op = await journal.recordOperation(newDeploy("reconnect"));
      const cut = await query<{ cut: boolean }>(
        server.adminUrl,
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
         WHERE application_name = 'flightdeck-listen' AND datname = $1`,
        [new URL(url).pathname.slice(1)],
      );
      // A listener stopped just before may linger there a moment; ours is among them.
      assert.ok(cut.some((row) => row.cut));
      const deadline = Date.now() + 10_000;
      while (reconnected === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(reconnected, 1);
      await journal.appendEvent(op.id, "log", {});
      while (heard.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(heard, [1]);
    } finally {
      await stop();
    }
  });

  it("keeps working after the server closed its idle connections", async () => {
    await journal.recordOperation(newDeploy("idle"));
    await query(
      server.adminUrl,
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flightdeck'",
    );
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await journal.listOperations({ stack: "idle", limit: 5 })).items.length, 1);
  });

  it("answers every listing query from an index, without sorting", async () => {
    const cursor = `${new Date().toISOString()}_${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`;
    const filters = [
      { limit: 20 },
      { limit: 20, cursor },
      { limit: 20, stack: "beta", cursor },
      { limit: 20, status: "failed" as const, cursor },
      { limit: 20, kind: "deploy" as const, cursor },
      { limit: 20, stack: "alpha", status: "failed" as const, kind: "deploy" as const, cursor },
    ];
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      // Tiny tables would rather be read whole: make that the last resort, as it is at scale.
      await client.query("SET enable_seqscan = off");
      await client.query("SET enable_sort = off");
      for (const filter of filters) {
        const { sql, params } = listQuery(filter);
        const explained = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        const text = JSON.stringify(explained.rows);
        assert.match(text, /"Index Name":"operations_by_/, `${JSON.stringify(filter)}: ${text}`);
        assert.doesNotMatch(
          text,
          /"Node Type":"(Incremental )?Sort"/,
          `${JSON.stringify(filter)} sorts`,
        );
      }
    } finally {
      await client.end();
    }
  });

  it("never shows the database password when the journal is inspected", async () => {
    const password = decodeURIComponent(new URL(url).password);
    assert.ok(password.length >= 8);
    assert.doesNotMatch(inspect(journal, { depth: 10, showHidden: true }), new RegExp(password));
  });
});
