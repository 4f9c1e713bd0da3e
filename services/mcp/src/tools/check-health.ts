import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const timeoutMs = 5_000;

/**
 * Lets an assistant ask whether a service is healthy and which hash it runs, the same
 * check flightdeck's verification makes. Only http(s) URLs, bounded in time and size.
 */
export function registerCheckHealth(server: McpServer): void {
  server.registerTool(
    "check_health",
    {
      title: "Check health",
      description: "Fetches a service's /health URL and reports its status and git hash.",
      inputSchema: {
        url: z.url({ protocol: /^https?$/ }).describe("the health URL, http or https"),
      },
    },
    async ({ url }) => {
      try {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "error",
        });
        const text = (await response.text()).slice(0, 10_000);
        let body: { status?: unknown; gitHash?: unknown } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          // Not JSON: the HTTP status alone is reported.
        }
        const result = {
          url,
          httpStatus: response.status,
          status: typeof body.status === "string" ? body.status : null,
          gitHash: typeof body.gitHash === "string" ? body.gitHash : null,
        };
        return {
          content: [{ type: "text", text: JSON.stringify(result) }],
          structuredContent: result,
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          content: [{ type: "text", text: `could not reach ${url}: ${message}` }],
          isError: true,
        };
      }
    },
  );
}
