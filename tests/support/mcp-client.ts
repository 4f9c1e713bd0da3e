import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { repoRoot } from "../../toolchain/paths";

export interface McpSession {
  client: Client;
  /** A tool's answer, structured content and all, whether it succeeded or not. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** What the server process wrote to stderr: the cause, when it fails to start. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * flightdeck's MCP server as an agent runs it, a child process on stdio
 * (`mcp/main.ts`), driven by the SDK's own client.
 */
export async function connectMcp(url: string, token: string): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", "mcp/main.ts"],
    cwd: repoRoot,
    env: { FLIGHTDECK_URL: url, FLIGHTDECK_TOKEN: token },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "flightdeck-tests", version: "1.0.0" });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`the MCP server did not start: ${String(error)}\n${stderr}`);
  }
  // Listing first makes the client check every structured result against its tool's schema.
  await client.listTools();
  return {
    client,
    call: async (name, args = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult,
    stderr: () => stderr,
    close: () => client.close(),
  };
}
