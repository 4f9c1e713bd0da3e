import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../automation/config";
import { describeJournal, openJournal } from "../../automation/journal/open-journal";
import { PostgresJournal } from "../../automation/journal/postgres-journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { freeLoopbackPort } from "../../sandbox-world/free-port";
import { startPostgres, type PostgresServer } from "../support/postgres-server";

describe("openJournal: the implementation FLIGHTDECK_JOURNAL names", () => {
  let server: PostgresServer;
  let dir: string;

  before(async () => {
    server = await startPostgres();
    dir = mkdtempSync(join(tmpdir(), "flightdeck-open-journal-"));
  });

  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("opens the SQLite file by default", async () => {
    const config = loadConfig({ FLIGHTDECK_DATA_DIR: dir });
    const journal = await openJournal(config, { instanceId: "here:1:sqlite" });
    try {
      assert.ok(journal instanceof SqliteJournal);
      assert.equal(journal.instanceId, "here:1:sqlite");
      assert.equal(describeJournal(config), `SQLite at ${join(dir, "journal.sqlite")}`);
    } finally {
      await journal.close();
    }
  });

  it("opens PostgreSQL for a postgres:// URL, with the configured bound on engine events", async () => {
    const url = await server.createDatabase();
    const config = loadConfig({
      FLIGHTDECK_JOURNAL: url,
      FLIGHTDECK_ENGINE_EVENTS_PER_OPERATION: "100",
    });
    const journal = await openJournal(config);
    try {
      assert.ok(journal instanceof PostgresJournal);
      const { host, pathname, password } = new URL(url);
      assert.equal(describeJournal(config), `PostgreSQL at ${host}${pathname}`);
      assert.ok(!describeJournal(config).includes(password));
      const { id } = await journal.recordOperation({
        stack: "s",
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      for (let i = 0; i < 150; i++) await journal.appendEvent(id, "engine", { i });
      const events = await journal.listEvents(id);
      assert.ok(events.length <= 100, `folded to the configured bound, got ${events.length}`);
    } finally {
      await journal.close();
    }
  });

  it("says which server it could not reach, without the password", async () => {
    const url = new URL(await server.createDatabase());
    url.port = String(await freeLoopbackPort());
    const config = loadConfig({ FLIGHTDECK_JOURNAL: url.href });
    await assert.rejects(openJournal(config), (error: Error) => {
      assert.match(
        error.message,
        /^the journal \(PostgreSQL at 127\.0\.0\.1:\d+\/test_\w+\) could not be opened: /,
      );
      assert.ok(!error.message.includes(decodeURIComponent(url.password)));
      return true;
    });
  });
});
