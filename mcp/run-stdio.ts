import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { FlightdeckApi } from "./api/flightdeck-api";
import { createFlightdeckMcpServer } from "./create-server";

/**
 * Serves flightdeck's MCP tools over stdin/stdout for an agent that started this
 * process, acting with `token` on the server at `url`. Settles once the agent closes
 * stdin; rejects at start when the server cannot be reached or refuses the token.
 * stdout carries only the protocol, so nothing here may print to it.
 */
export async function runMcpOverStdio(options: { url: string; token: string }): Promise<void> {
  const api = new FlightdeckApi(options.url, options.token);
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
