import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ApiClient } from "../client/api-client";
import { createFlightdeckMcpServer } from "./create-server";

/** Every route answers at once (operations run in the background), so a minute is generous. */
const requestTimeoutMs = 60_000;

/** The API at `url`, refused at start when the URL or the token cannot be right. */
function apiClient(url: string, token: string): ApiClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the flightdeck URL ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`the flightdeck URL ${url} must be http or https`);
  }
  if (token.trim() === "") throw new Error("the flightdeck token is empty");
  return new ApiClient({ baseUrl: parsed.href, token, timeoutMs: requestTimeoutMs });
}

/**
 * Serves flightdeck's MCP tools over stdin/stdout for an agent that started this
 * process, acting with `token` on the server at `url`. Settles once the agent closes
 * stdin; rejects at start when the server cannot be reached or refuses the token.
 * stdout carries only the protocol, so nothing here may print to it.
 */
export async function runMcpOverStdio(options: { url: string; token: string }): Promise<void> {
  const api = apiClient(options.url, options.token);
  const server = await createFlightdeckMcpServer(api);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  // The transport only reads stdin; its end is the agent going away.
  process.stdin.once("end", () => void server.close());
  await server.connect(transport);
  await closed;
}
