import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadConfig } from "../../automation/config";
import { maskedText } from "../../automation/secrets/secret-mask";

const password = "s3cret-p@ss/word";
const url = `postgres://flightdeck:${encodeURIComponent(password)}@db.internal:5432/flightdeck`;

/** Loads the config and answers the error's message; fails when there is none. */
function refused(journal: string): string {
  try {
    loadConfig({ FLIGHTDECK_JOURNAL: journal });
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`FLIGHTDECK_JOURNAL=${journal} was accepted`);
}

describe("FLIGHTDECK_JOURNAL", () => {
  it("is a SQLite file under the data directory unless set, and a path when set to one", () => {
    const defaults = loadConfig({ FLIGHTDECK_DATA_DIR: "/var/lib/fd" });
    assert.equal(defaults.journalPath, "/var/lib/fd/journal.sqlite");
    assert.equal(defaults.journalUrl, undefined);
    assert.ok(!("journalUrl" in defaults));
    const relative = loadConfig({ FLIGHTDECK_JOURNAL: "data/j.sqlite" });
    assert.equal(relative.journalPath, join(process.cwd(), "data/j.sqlite"));
    assert.equal(relative.journalUrl, undefined);
  });

  it("selects PostgreSQL with a postgres:// or postgresql:// URL, its password masked", () => {
    for (const value of [url, url.replace("postgres://", "postgresql://")]) {
      const config = loadConfig({ FLIGHTDECK_JOURNAL: value, FLIGHTDECK_DATA_DIR: "/d" });
      assert.equal(config.journalUrl, value);
      assert.equal(config.journalPath, "/d/journal.sqlite", "the SQLite file stays the default");
      assert.equal(
        config.secretMask.text(`connecting with ${password}`),
        `connecting with ${maskedText}`,
      );
      assert.equal(config.secretMask.text(`url ${value}`), `url ${maskedText}`);
    }
    const socket = "postgres:///flightdeck?host=/run/postgresql";
    assert.equal(loadConfig({ FLIGHTDECK_JOURNAL: socket }).journalUrl, socket);
  });

  it("refuses other URLs and malformed ones, never quoting the value", () => {
    const cases: Array<[string, RegExp]> = [
      [`mysql://flightdeck:${password}@db/flightdeck`, /mysql:\/\/ is neither/],
      [`postgres://flightdeck:${password}@db.internal:5432/`, /must name one database/],
      [`postgres://flightdeck:${password}@db.internal:5432/a/b`, /must name one database/],
      ["postgres:///flightdeck?sslmode=require", /must name the database server's host/],
      [`postgres://flightdeck:${password}@db.internal:5432/flightdeck`, /percent-encoded/],
      [
        `postgres://flightdeck:%zz${encodeURIComponent(password)}@db.internal/flightdeck`,
        /not a well-formed URL/,
      ],
    ];
    for (const [value, expected] of cases) {
      const message = refused(value);
      assert.match(message, /^FLIGHTDECK_JOURNAL /);
      assert.match(message, expected, value);
      assert.ok(!message.includes("s3cret"), `${message} quotes the password`);
    }
  });
});
