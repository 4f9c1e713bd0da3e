import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { McpConfig } from "./config";
import { registerCheckHealth } from "./tools/check-health";
import { registerReleaseInfo } from "./tools/release-info";

export function createMcpServer(config: McpConfig): McpServer {
  const server = new McpServer({ name: "flightdeck-mcp", version: config.gitHash });
  registerReleaseInfo(server, config);
  registerCheckHealth(server);
  return server;
}
