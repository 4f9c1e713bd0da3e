import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FastifyInstance } from "fastify";
import { buildMcpApp } from "../../services/mcp/src/app";
import { buildApiApp } from "../../services/api/src/app";

describe("services/mcp", () => {
  let mcp: FastifyInstance;
  let api: FastifyInstance;
  let mcpBase: string;
  let apiBase: string;
  let client: Client;

  before(async () => {
    mcp = buildMcpApp({ gitHash: "abc1234", stage: "test", startedAt: new Date() });
    api = buildApiApp({ gitHash: "fed9876", stage: "test" });
    mcpBase = await mcp.listen({ host: "127.0.0.1", port: 0 });
    apiBase = await api.listen({ host: "127.0.0.1", port: 0 });
    client = new Client({ name: "flightdeck-tests", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcpBase}/mcp`)));
  });

  after(async () => {
    await client.close();
    await mcp.close();
    await api.close();
  });

  it("GET /health reports the hash it was started with", async () => {
    const response = await fetch(`${mcpBase}/health`);
    assert.deepEqual(await response.json(), { status: "ok", gitHash: "abc1234" });
  });

  it("the SDK's client lists the tools over Streamable HTTP", async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ["check_health", "release_info"]);
  });

  it("release_info reports this release", async () => {
    const result = await client.callTool({ name: "release_info", arguments: {} });
    const { uptimeSeconds, ...info } = result.structuredContent as Record<string, unknown>;
    assert.deepEqual(info, { service: "mcp", gitHash: "abc1234", stage: "test" });
    assert.equal(typeof uptimeSeconds, "number");
  });

  it("check_health reads another service's health over HTTP", async () => {
    const result = await client.callTool({
      name: "check_health",
      arguments: { url: `${apiBase}/health` },
    });
    assert.equal(result.isError, undefined);
    assert.deepEqual(result.structuredContent, {
      url: `${apiBase}/health`,
      httpStatus: 200,
      status: "ok",
      gitHash: "fed9876",
    });
  });

  it("check_health refuses non-http URLs through its input schema", async () => {
    const result = await client.callTool({
      name: "check_health",
      arguments: { url: "file:///etc/passwd" },
    });
    assert.equal(result.isError, true);
    const [content] = result.content as Array<{ text: string }>;
    assert.match(content?.text ?? "", /Input validation error: .*Invalid URL at url/);
  });

  it("rejects GET on /mcp: the server keeps no sessions", async () => {
    const response = await fetch(`${mcpBase}/mcp`);
    assert.equal(response.status, 405);
  });
});
