import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startServiceProcess } from "./support/service-process";

const repoRoot = join(__dirname, "..", "..");
const dockerfile = readFileSync(join(repoRoot, "services", "mcp", "Dockerfile"), "utf8");

/** The Dockerfile's own esbuild command, with its output sent to `outDir`. */
function dockerfileEsbuildArgs(outDir: string): string[] {
  const line = dockerfile.split("\n").find((candidate) => candidate.startsWith("RUN npx esbuild "));
  assert.ok(line, "the Dockerfile bundles with esbuild");
  return line
    .slice("RUN npx esbuild ".length)
    .trim()
    .split(/\s+/)
    .map((arg) => (arg.startsWith("--outfile=") ? `--outfile=${join(outDir, "mcp.js")}` : arg));
}

describe("services/mcp image", () => {
  let outDir: string;

  before(() => {
    // Outside the repository, so the bundle cannot lean on node_modules as it runs.
    outDir = mkdtempSync(join(tmpdir(), "flightdeck-mcp-image-"));
    execFileSync(
      join(repoRoot, "node_modules", ".bin", "esbuild"),
      [
        ...dockerfileEsbuildArgs(outDir),
        `--metafile=${join(outDir, "meta.json")}`,
        "--log-level=error",
      ],
      { cwd: repoRoot },
    );
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it("bundles only what the build context holds (the folders .dockerignore lets in) and node_modules", () => {
    const meta = JSON.parse(readFileSync(join(outDir, "meta.json"), "utf8")) as {
      inputs: Record<string, unknown>;
    };
    const context = readFileSync(join(repoRoot, ".dockerignore"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("!") && line.endsWith("/"))
      .map((line) => line.slice(1));
    assert.deepEqual(context, ["services/mcp/", "services/shared/"]);
    const outside = Object.keys(meta.inputs).filter(
      (input) =>
        !input.startsWith("node_modules/") && !context.some((folder) => input.startsWith(folder)),
    );
    assert.deepEqual(outside, []);
  });

  it("runs as a non-root user on 0.0.0.0:8080 with the build's GIT_HASH", () => {
    assert.match(dockerfile, /^FROM node:20-slim AS build$/m);
    assert.match(dockerfile, /^RUN npm ci /m);
    assert.match(dockerfile, /^ARG GIT_HASH/m);
    assert.match(dockerfile, /GIT_HASH=\$\{GIT_HASH\}/);
    assert.match(dockerfile, /HOST=0\.0\.0\.0/);
    assert.match(dockerfile, /PORT=8080/);
    assert.match(dockerfile, /^EXPOSE 8080$/m);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^CMD \["node", "mcp\.js"\]$/m);
  });

  it("the bundle alone serves /health and MCP, then shuts down cleanly on SIGTERM", async () => {
    const server = await startServiceProcess([join(outDir, "mcp.js")], {
      HOST: "127.0.0.1",
      PORT: "0",
      GIT_HASH: "c0ffee1",
      STAGE: "production",
      JWT_SECRET: "not-read-by-mcp-but-present-in-ecs",
    });
    try {
      const health = await fetch(`${server.url}/health`);
      assert.deepEqual(await health.json(), { status: "ok", gitHash: "c0ffee1" });

      const client = new Client({ name: "flightdeck-tests", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
      const result = await client.callTool({ name: "release_info", arguments: {} });
      await client.close();
      assert.equal((result.structuredContent as { stage: string }).stage, "production");
    } finally {
      assert.equal(await server.stop("SIGTERM"), 0, server.output.join("\n"));
    }
    assert.equal(
      server.output.some((line) => line.includes("not-read-by-mcp-but-present-in-ecs")),
      false,
      "the secret never reaches the logs",
    );
  });
});
