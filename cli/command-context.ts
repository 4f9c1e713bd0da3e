import type { Command } from "commander";
import { ApiClient } from "../client/api-client";
import { explainError } from "./explain-error";
import { resolveConnection, type Connection } from "./config";
import { CliError, exitCodes, type ExitCode } from "./exit-codes";
import { createOutput, type Output } from "./output";

/** What a command's work gets: where to write, and the server (resolved on first use). */
export interface CommandContext {
  out: Output;
  /** The global `--insecure`: plain http to a host off this machine is allowed. */
  insecure: boolean;
  connection: () => Connection;
  client: () => ApiClient;
}

/** The server's API as the token of `connection`. */
export const clientOf = (connection: Connection) =>
  new ApiClient({ baseUrl: connection.url, token: connection.token });

/** Every command takes `--json`: one JSON document on stdout instead of lines. */
export function withJson(command: Command): Command {
  return command.option("--json", "print JSON for scripts instead of text");
}

/** Says why a command ended: one line on stderr, or the error as JSON under `--json`. */
function report(out: Output, error: CliError): void {
  if (out.json) {
    out.data({
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    });
  }
  out.warn(out.color.red(`error: ${error.message}`));
}

/**
 * Wraps a command's work as a commander action: builds its context, turns what it
 * throws into a message and an exit code (API errors through the error contract), and
 * leaves the exit code in `process.exitCode` for main to exit with.
 */
export function action<Args extends unknown[]>(
  work: (context: CommandContext, ...args: Args) => Promise<ExitCode>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    // Commander passes the command's arguments, its options, then the command itself.
    const command = args.at(-1) as Command;
    const out = createOutput({ json: command.opts<{ json?: boolean }>().json === true });
    const insecure = command.optsWithGlobals<{ insecure?: boolean }>().insecure === true;
    const connection = () => resolveConnection(process.env, { insecure });
    let client: ApiClient | undefined;
    const context: CommandContext = {
      out,
      insecure,
      connection,
      client: () => (client ??= clientOf(connection())),
    };
    try {
      process.exitCode = await work(context, ...(args.slice(0, -1) as Args));
    } catch (error) {
      const explained = await explainError(client, error);
      const failure =
        explained instanceof CliError
          ? explained
          : new CliError(
              explained instanceof Error ? explained.message : String(explained),
              exitCodes.failed,
              "internal_error",
            );
      report(out, failure);
      process.exitCode = failure.exitCode;
    }
  };
}
