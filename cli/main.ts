import { Command, CommanderError } from "commander";
import { cancelCommand } from "./commands/cancel";
import { deployCommand } from "./commands/deploy";
import { historyCommand } from "./commands/history";
import { invalidateCommand } from "./commands/invalidate";
import { loginCommand } from "./commands/login";
import { logsCommand } from "./commands/logs";
import { mcpCommand } from "./commands/mcp";
import { previewCommand } from "./commands/preview";
import { rollbackCommand } from "./commands/rollback";
import { rolloutCommands } from "./commands/rollout-control";
import { statusCommand } from "./commands/status";
import { exitCodes } from "./exit-codes";

export { resolveConnection, type Connection } from "./config";

/**
 * The `flightdeck` program: one verb per command, each talking to the server's HTTP API
 * only. `flightdeck mcp` joins these with the MCP server, on the same `resolveConnection`.
 */
export function buildProgram(): Command {
  const program = new Command("flightdeck")
    .description(
      "Release control for api, web and mcp: deploy, roll back and watch through the flightdeck server.\n" +
        "Server and token: FLIGHTDECK_URL and FLIGHTDECK_TOKEN, else what `flightdeck login` saved\n" +
        "(a saved token only for the server it was saved for; http only to this machine without --insecure).\n" +
        "Exit codes: 0 done, 1 failed or rolled back, 2 refused (nothing done), 130 interrupted.",
    )
    .option(
      "--insecure",
      "allow plain http:// to a host other than this machine (the token travels readable)",
    )
    .showHelpAfterError()
    // Wrong usage is a refused request: nothing was sent.
    .exitOverride();
  for (const command of [
    deployCommand(),
    rollbackCommand(),
    statusCommand(),
    historyCommand(),
    logsCommand(),
    previewCommand(),
    invalidateCommand(),
    cancelCommand(),
    ...rolloutCommands(),
    loginCommand(),
    mcpCommand(),
  ]) {
    program.addCommand(
      command
        .exitOverride()
        .showHelpAfterError(`(flightdeck ${command.name()} --help shows its usage)`),
    );
  }
  return program;
}

/** Runs the CLI on `argv` (node's, with the two leading entries) and resolves to its exit code. */
export async function run(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end with 0; anything else commander refused was bad usage.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.refused;
  }
  return Number(process.exitCode ?? exitCodes.ok);
}

/** Runs the CLI and exits with its code; what nothing caught is printed and exits 1. */
export function runAndExit(): void {
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(exitCodes.failed);
    },
  );
}

if (require.main === module) runAndExit();
