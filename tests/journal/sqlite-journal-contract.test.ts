import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { journalContract } from "./journal-contract";

/** The contract on SQLite: every instance the suite opens shares one file, as processes do. */
let dir: string;
let file: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "flightdeck-journal-contract-"));
  file = join(dir, "journal.sqlite");
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

journalContract(
  "SQLite",
  async (options = {}) => new SqliteJournal(file, options.instanceId, options),
);
