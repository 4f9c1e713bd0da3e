import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { McpConfig } from "../config";

/** Tells an assistant which release of the mcp service answers it, and since when. */
export function registerReleaseInfo(server: McpServer, config: McpConfig): void {
  server.registerTool(
    "release_info",
    {
      title: "Release info",
      description: "The git hash, stage and uptime of this mcp service.",
      inputSchema: {},
    },
    () => {
      const info = {
        service: "mcp",
        gitHash: config.gitHash,
        stage: config.stage,
        uptimeSeconds: Math.round((Date.now() - config.startedAt.getTime()) / 1000),
      };
      return { content: [{ type: "text", text: JSON.stringify(info) }], structuredContent: info };
    },
  );
}
