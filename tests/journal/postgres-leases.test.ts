import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "pg";
import { PostgresJournal } from "../../automation/journal/postgres-journal";
import { startPostgres, type PostgresServer } from "../support/postgres-server";

/**
 * Leases on PostgreSQL that contract tests cannot show: they keep to the database's
 * clock, and a pool saturated by other work never delays a heartbeat.
 */

let server: PostgresServer;
let url: string;

before(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
});

after(async () => {
  await server.stop();
});

const newDeploy = (stack: string) => ({
  stack,
  kind: "deploy" as const,
  requestedBy: "ci",
  request: {},
});

async function begin(journal: PostgresJournal, stack: string): Promise<string> {
  const begun = await journal.beginOperation(newDeploy(stack));
  assert.ok("operation" in begun);
  return begun.operation.id;
}

describe("PostgreSQL leases", () => {
  it("renews and claims by the database's clock", async () => {
    const journal = await PostgresJournal.open(url);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const id = await begin(journal, "clocked");
      await journal.heartbeat([id]);
      const [row] = (
        await db.query<{ skew: number }>(
          `SELECT abs(extract(epoch FROM now() - heartbeat_at::timestamptz)) AS skew
           FROM operations WHERE id = $1`,
          [id],
        )
      ).rows;
      assert.ok(Number(row?.skew) < 5, "the heartbeat is the database's time");
      // An hour-old lease by the database's clock lapses, whatever this process's clock says.
      await db.query(
        `UPDATE operations SET owner = 'another-host:1:abcd1234',
           heartbeat_at = to_char((now() - interval '1 hour') AT TIME ZONE 'UTC',
             'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') WHERE id = $1`,
        [id],
      );
      const claimed = await journal.claimExpired(30 * 60_000);
      assert.ok(claimed.some((o) => o.id === id));
      await journal.settleInterrupted(id);
    } finally {
      await db.end();
      await journal.close();
    }
  });

  it("renews leases while every connection of the journal's pool is busy", async () => {
    const journal = await PostgresJournal.open(url, undefined, { poolSize: 1 });
    const blocker = new Client({ connectionString: url });
    await blocker.connect();
    try {
      const running = await begin(journal, "beating");
      const stuck = await begin(journal, "stuck");
      // The pool's one connection waits on a row lock held elsewhere.
      await blocker.query("BEGIN");
      await blocker.query("SELECT 1 FROM operations WHERE id = $1 FOR UPDATE", [stuck]);
      const waiting = journal.appendEvent(stuck, "log", { message: "waits" });
      const started = Date.now();
      assert.deepEqual(await journal.heartbeat([running]), []);
      assert.ok(Date.now() - started < 2_000, "the heartbeat did not wait for the pool");
      await blocker.query("COMMIT");
      await waiting;
      await journal.finishOperation(running, { status: "succeeded" });
      await journal.finishOperation(stuck, { status: "succeeded" });
    } finally {
      await blocker.end();
      await journal.close();
    }
  });
});
