import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { describe, it } from "node:test";
import { repoRoot } from "../../toolchain/paths";

describe("automation server", () => {
  it("npm start's entry serves /health over HTTP and stops on SIGTERM", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "flightdeck-data-"));
    const server = spawn(process.execPath, ["--import", "tsx", "automation/server.ts"], {
      cwd: repoRoot,
      env: { ...process.env, PORT: "0", FLIGHTDECK_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let output = "";
      const address = await new Promise<string>((resolve, reject) => {
        server.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        server.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
      });
      const response = await fetch(`${address}/health`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { status: string; version: string };
      assert.equal(body.status, "ok");
      assert.match(body.version, /^\d+\.\d+\.\d+/);
    } finally {
      server.kill("SIGTERM");
      const [code] = (await once(server, "exit")) as [number | null];
      assert.equal(code, 0);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
