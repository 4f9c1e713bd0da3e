/**
 * Exit codes CI can branch on. 1 means something ran and did not succeed (or the server
 * failed us); 2 means nothing was done because the request was refused, by the server
 * or before it was sent (a missing `--yes`, a declined prompt, a bad argument).
 */
export const exitCodes = {
  ok: 0,
  failed: 1,
  refused: 2,
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An error that ends the command with a message for the user and a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Machine-readable, for `--json`: the server's code when it came from one. */
    readonly code = exitCode === exitCodes.refused ? "refused" : "failed",
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Refused before anything was sent or started. */
export const refused = (message: string, code = "refused") =>
  new CliError(message, exitCodes.refused, code);
