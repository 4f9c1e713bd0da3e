import { refuseInsecureTransport } from "../cli/transport";
import { runMcpOverStdio } from "./run-stdio";

/**
 * Runs the MCP server on its own: FLIGHTDECK_URL and FLIGHTDECK_TOKEN say where and as
 * whom. Like the CLI, it sends the token over plain http only to this machine unless
 * started with --insecure.
 */
async function main(url: string, token: string): Promise<void> {
  refuseInsecureTransport(url, process.argv.slice(2).includes("--insecure"));
  await runMcpOverStdio({ url, token });
}

const url = process.env.FLIGHTDECK_URL;
const token = process.env.FLIGHTDECK_TOKEN;
if (!url || !token) {
  process.stderr.write(
    "flightdeck mcp: set FLIGHTDECK_URL (e.g. http://127.0.0.1:3000) and FLIGHTDECK_TOKEN (a bearer token)\n",
  );
  process.exitCode = 2;
} else {
  main(url, token).catch((error: unknown) => {
    process.stderr.write(
      `flightdeck mcp: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  });
}
