import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { startNpmStart } from "../support/npm-start";

describe("automation server", () => {
  it("npm start's entry serves /health over HTTP on the embedded defaults and stops on SIGTERM", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "flightdeck-data-"));
    const { FLIGHTDECK_JOURNAL, FLIGHTDECK_STATE_URL, ...env } = process.env;
    const server = await startNpmStart({ ...env, PORT: "0", FLIGHTDECK_DATA_DIR: dataDir });
    try {
      await server.waitFor(`journal: SQLite at ${join(dataDir, "journal.sqlite")}`);
      const ready = await fetch(`${server.url}/health/ready`);
      const checks = JSON.stringify(await ready.json());
      assert.ok(checks.includes(pathToFileURL(join(dataDir, "state")).href), checks);
      const response = await fetch(`${server.url}/health`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { status: string; version: string };
      assert.equal(body.status, "ok");
      assert.match(body.version, /^\d+\.\d+\.\d+/);
    } finally {
      assert.equal(await server.stop(), 0, server.output());
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
