/**
 * A failure the user can act on: its message is shown as is and its code ends up in the
 * journal. Anything else that escapes a step is an internal error with a generic message.
 */
export class PipelineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "PipelineError";
  }
}
