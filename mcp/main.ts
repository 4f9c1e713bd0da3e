import { runMcpOverStdio } from "./run-stdio";

/** Runs the MCP server on its own: FLIGHTDECK_URL and FLIGHTDECK_TOKEN say where and as whom. */
const url = process.env.FLIGHTDECK_URL;
const token = process.env.FLIGHTDECK_TOKEN;
if (!url || !token) {
  process.stderr.write(
    "flightdeck mcp: set FLIGHTDECK_URL (e.g. http://127.0.0.1:3000) and FLIGHTDECK_TOKEN (a bearer token)\n",
  );
  process.exitCode = 2;
} else {
  runMcpOverStdio({ url, token }).catch((error: unknown) => {
    process.stderr.write(
      `flightdeck mcp: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
