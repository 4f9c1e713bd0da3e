import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startNpmStart } from "../support/npm-start";

describe("automation server", () => {
  it("npm start's entry serves /health over HTTP and stops on SIGTERM", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "flightdeck-data-"));
    const server = await startNpmStart({ ...process.env, PORT: "0", FLIGHTDECK_DATA_DIR: dataDir });
    try {
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
