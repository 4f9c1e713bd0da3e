import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startPostgres, type PostgresServer } from "../support/postgres-server";
import { startServer, type ServerFixture } from "../support/server-fixture";

describe("servers on one PostgreSQL journal", () => {
  let postgres: PostgresServer;
  let a: ServerFixture;
  let b: ServerFixture;

  before(async () => {
    postgres = await startPostgres();
    const url = await postgres.createDatabase();
    a = await startServer({ FLIGHTDECK_JOURNAL: url });
    b = await startServer({ FLIGHTDECK_JOURNAL: url });
  });

  after(async () => {
    await a?.close();
    await b?.close();
    await postgres?.stop();
  });

  it(
    "hear of the events of operations the other runs as they commit",
    { timeout: 20_000 },
    async () => {
      const begun = await a.app.journal.beginOperation({
        stack: "production",
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      let finish = () => {};
      const done = new Promise<void>((resolve) => (finish = resolve));
      a.app.runningOperations.track(id, new AbortController(), done);
      const heardByB = new Promise<number>((resolve) =>
        b.app.operationEvents.subscribe(
          id,
          () => {},
          () => {},
          resolve,
        ),
      );
      const event = await a.app.journal.appendEvent(id, "step", { step: "preflight" });
      assert.equal(await heardByB, event.seq);
      finish();
    },
  );
});
