import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { probeHealth } from "../health-probe";

const limits = { timeoutMs: 5_000, maxBytes: 64 * 1024 };

const outputShape = {
  url: z.string(),
  httpStatus: z.number().int(),
  healthy: z.boolean(),
  status: z.string().nullable(),
  gitHash: z.string().nullable(),
  source: z.enum(["json", "html-meta", "none"]),
  matchesExpected: z.boolean().optional(),
};

/**
 * Lets an assistant ask whether a service is healthy and which release it runs: the same
 * check flightdeck's verification makes (JSON /health for api and mcp, the git-hash meta
 * tag for web). http(s) only, no redirects, link-local addresses refused, bounded in time
 * and size.
 */
export function registerCheckHealth(server: McpServer): void {
  server.registerTool(
    "check_health",
    {
      title: "Check health",
      description:
        "GETs a service's health URL (e.g. https://api.example.com/health, or a web page's " +
        "index.html) and reports its HTTP status, health status and the git hash it runs. " +
        "Give expectedGitHash to learn whether that release is the one answering.",
      inputSchema: {
        url: z
          .url({ protocol: /^https?$/ })
          .max(2048)
          .describe("the health URL, http or https"),
        expectedGitHash: z
          .string()
          .regex(/^[0-9a-f]{7,40}$/)
          .optional()
          .describe("the release that should be live, as a lowercase hex git hash"),
      },
      outputSchema: outputShape,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ url, expectedGitHash }) => {
      try {
        const report = await probeHealth(new URL(url), limits);
        const healthy =
          report.httpStatus >= 200 &&
          report.httpStatus < 300 &&
          (report.status === "ok" || report.source === "html-meta");
        const result = {
          url,
          ...report,
          healthy,
          ...(expectedGitHash === undefined
            ? {}
            : // A short expected hash matches the full hash it abbreviates, and vice versa.
              {
                matchesExpected:
                  report.gitHash !== null &&
                  (report.gitHash.startsWith(expectedGitHash) ||
                    expectedGitHash.startsWith(report.gitHash)),
              }),
        };
        return {
          content: [{ type: "text", text: JSON.stringify(result) }],
          structuredContent: result,
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          content: [{ type: "text", text: `could not check ${url}: ${message}` }],
          isError: true,
        };
      }
    },
  );
}
