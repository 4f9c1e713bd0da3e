import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FastifyInstance } from "fastify";
import { buildApiApp } from "../../services/api/src/app";
import { buildMcpApp } from "../../services/mcp/src/app";
import { loadMcpConfig } from "../../services/mcp/src/config";
import { buildWebSite } from "../../services/web/build";
import { buildWebServer } from "../../services/web/static-server";

const allowedOrigin = "https://console.example.com";

interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

function errorText(result: ToolResult): string {
  assert.equal(result.isError, true, JSON.stringify(result));
  return result.content.map((part) => part.text ?? "").join("\n");
}

function rawMcpPost(base: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe("services/mcp", () => {
  let mcp: FastifyInstance;
  let api: FastifyInstance;
  let web: FastifyInstance;
  let webDir: string;
  let mcpBase: string;
  let apiBase: string;
  let webBase: string;
  let client: Client;

  async function callTool(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    return (await client.callTool({ name, arguments: args })) as ToolResult;
  }

  before(async () => {
    mcp = buildMcpApp({
      gitHash: "abc1234",
      stage: "test",
      startedAt: new Date(),
      allowedOrigins: [allowedOrigin],
    });
    api = buildApiApp({ gitHash: "fed9876", stage: "test" });
    webDir = mkdtempSync(join(tmpdir(), "flightdeck-mcp-web-"));
    web = buildWebServer(buildWebSite({ gitHash: "0badc0de", outDir: webDir }));
    mcpBase = await mcp.listen({ host: "127.0.0.1", port: 0 });
    apiBase = await api.listen({ host: "127.0.0.1", port: 0 });
    webBase = await web.listen({ host: "127.0.0.1", port: 0 });
    client = new Client({ name: "flightdeck-tests", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcpBase}/mcp`)));
  });

  after(async () => {
    await client.close();
    await Promise.all([mcp.close(), api.close(), web.close()]);
    rmSync(webDir, { recursive: true, force: true });
  });

  it("GET /health reports the hash it was started with", async () => {
    const response = await fetch(`${mcpBase}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: "ok", gitHash: "abc1234" });
  });

  it("introduces itself to the SDK's client with its release as version", () => {
    assert.deepEqual(client.getServerVersion(), { name: "flightdeck-mcp", version: "abc1234" });
  });

  it("lists its tools with input and output schemas over Streamable HTTP", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ["check_health", "release_info"]);
    const checkHealth = tools.find((tool) => tool.name === "check_health");
    assert.deepEqual(checkHealth?.inputSchema.required, ["url"]);
    assert.ok(checkHealth?.outputSchema?.properties?.gitHash, "check_health declares its output");
  });

  it("release_info reports this release", async () => {
    const result = await callTool("release_info", {});
    const { uptimeSeconds, startedAt, ...info } = result.structuredContent ?? {};
    assert.deepEqual(info, { service: "mcp", gitHash: "abc1234", stage: "test" });
    assert.equal(typeof uptimeSeconds, "number");
    assert.ok(!Number.isNaN(Date.parse(String(startedAt))));
  });

  it("check_health reads the api's /health over HTTP and compares the expected hash", async () => {
    const result = await callTool("check_health", {
      url: `${apiBase}/health`,
      expectedGitHash: "fed9876",
    });
    assert.equal(result.isError, undefined);
    assert.deepEqual(result.structuredContent, {
      url: `${apiBase}/health`,
      httpStatus: 200,
      healthy: true,
      status: "ok",
      gitHash: "fed9876",
      source: "json",
      matchesExpected: true,
    });
  });

  it("check_health reads the web page's git-hash meta tag", async () => {
    const result = await callTool("check_health", {
      url: `${webBase}/`,
      expectedGitHash: "abc1234",
    });
    assert.deepEqual(result.structuredContent, {
      url: `${webBase}/`,
      httpStatus: 200,
      healthy: true,
      status: null,
      gitHash: "0badc0de",
      source: "html-meta",
      matchesExpected: false,
    });
  });

  it("check_health reports a 404 as unhealthy rather than failing", async () => {
    const result = await callTool("check_health", { url: `${apiBase}/missing` });
    assert.equal(result.structuredContent?.httpStatus, 404);
    assert.equal(result.structuredContent?.healthy, false);
    assert.equal(result.structuredContent?.gitHash, null);
  });

  it("check_health reports an unreachable service as a tool error", async () => {
    const closed = buildApiApp({ gitHash: "1234567", stage: "test" });
    const closedBase = await closed.listen({ host: "127.0.0.1", port: 0 });
    await closed.close();
    const text = errorText(await callTool("check_health", { url: `${closedBase}/health` }));
    assert.match(text, /could not check .*ECONNREFUSED/);
  });

  it("check_health refuses link-local addresses, where cloud credentials live", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://169.254.170.2/v2/credentials",
      "http://[::ffff:169.254.169.254]/",
      "http://[fe80::1]/health",
    ]) {
      assert.match(errorText(await callTool("check_health", { url })), /off limits/, url);
    }
  });

  it("check_health refuses non-http URLs through its input schema", async () => {
    const text = errorText(await callTool("check_health", { url: "file:///etc/passwd" }));
    assert.match(text, /Input validation error: .*Invalid URL/);
  });

  it("keeps no sessions: a bare tools/list without initialize is answered in JSON", async () => {
    const response = await rawMcpPost(mcpBase, { jsonrpc: "2.0", id: 7, method: "tools/list" });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("mcp-session-id"), null);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    const body = (await response.json()) as { id: number; result: { tools: unknown[] } };
    assert.equal(body.id, 7);
    assert.equal(body.result.tools.length, 2);
  });

  it("refuses browser origins it does not know, accepts the configured one", async () => {
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    const foreign = await rawMcpPost(mcpBase, list, { origin: "https://evil.example" });
    assert.equal(foreign.status, 403);
    assert.deepEqual(await foreign.json(), {
      jsonrpc: "2.0",
      error: { code: -32000, message: "Origin not allowed." },
      id: null,
    });
    assert.equal((await rawMcpPost(mcpBase, list, { origin: allowedOrigin })).status, 200);
  });

  it("rejects a malformed JSON-RPC message with a JSON-RPC error", async () => {
    const response = await rawMcpPost(mcpBase, { hello: "world" });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: number } };
    assert.equal(typeof body.error.code, "number");
  });

  it("answers GET /mcp with 405: there is no session stream to open", async () => {
    const response = await fetch(`${mcpBase}/mcp`);
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "POST");
  });

  it("answers a non-JSON body with 415 in the error contract", async () => {
    const response = await fetch(`${mcpBase}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<hello/>",
    });
    assert.equal(response.status, 415);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, "unsupported_media_type");
  });
});

describe("services/mcp config", () => {
  it("reads hash, stage and allowed origins, with local defaults", () => {
    const config = loadMcpConfig({
      GIT_HASH: "abc1234",
      STAGE: "production",
      MCP_ALLOWED_ORIGINS: "https://a.example, https://b.example",
    });
    assert.deepEqual(
      { ...config, startedAt: undefined },
      {
        gitHash: "abc1234",
        stage: "production",
        startedAt: undefined,
        allowedOrigins: ["https://a.example", "https://b.example"],
      },
    );
    assert.equal(loadMcpConfig({}).gitHash, "unknown");
  });

  it("refuses an origin that is not an http(s) URL, naming the variable", () => {
    assert.throws(
      () => loadMcpConfig({ MCP_ALLOWED_ORIGINS: "javascript:alert(1)" }),
      /MCP_ALLOWED_ORIGINS/,
    );
  });
});
