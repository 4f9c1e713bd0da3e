import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { McpConfig } from "../config";

const outputShape = {
  service: z.literal("mcp"),
  gitHash: z.string(),
  stage: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number().int().nonnegative(),
};

/** Tells an assistant which release of the mcp service answers it, and since when. */
export function registerReleaseInfo(server: McpServer, config: McpConfig): void {
  server.registerTool(
    "release_info",
    {
      title: "Release info",
      description: "The git hash, stage, start time and uptime of this mcp service.",
      inputSchema: {},
      outputSchema: outputShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => {
      const info = {
        service: "mcp" as const,
        gitHash: config.gitHash,
        stage: config.stage,
        startedAt: config.startedAt.toISOString(),
        uptimeSeconds: Math.max(0, Math.floor((Date.now() - config.startedAt.getTime()) / 1000)),
      };
      return { content: [{ type: "text", text: JSON.stringify(info) }], structuredContent: info };
    },
  );
}
