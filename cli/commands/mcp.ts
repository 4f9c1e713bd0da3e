import { Command } from "commander";
import { runMcpOverStdio } from "../../mcp/run-stdio";
import { action } from "../command-context";
import { exitCodes } from "../exit-codes";

/** `flightdeck mcp`: the same server and token as every command, served to an agent. */
export const mcpCommand = () =>
  new Command("mcp")
    .description(
      "serve flightdeck's tools to a coding agent over the Model Context Protocol (stdio); the token's scopes decide which tools it sees",
    )
    .action(
      action(async ({ connection }) => {
        await runMcpOverStdio(connection());
        return exitCodes.ok;
      }),
    );
