import { ConcurrentUpdateError } from "@pulumi/pulumi/automation";
import { PipelineError } from "../domain/operation-error";

/**
 * Turns what the engine threw into a failure users can read. The engine's own text can
 * carry resource inputs, so only its last diagnostic lines are kept, in the journal.
 */
export function engineFailure(error: unknown, signal?: AbortSignal): PipelineError {
  if (signal?.aborted)
    return new PipelineError(
      "cancelled",
      "the operation was cancelled; the engine stopped cleanly",
    );
  if (error instanceof ConcurrentUpdateError) {
    return new PipelineError(
      "stack_locked",
      "another pulumi process holds this stack's lock (an engineer's `pulumi up`?); try again when it has finished",
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  // The CLI repeats a diagnostic in its summary; each is told once.
  const diagnostics = [
    ...new Set(
      text
        .split("\n")
        .filter((line) => /error:/i.test(line))
        .map((line) => line.slice(line.search(/error:/i)).trim()),
    ),
  ].slice(-5);
  return new PipelineError("engine_failed", "the Pulumi engine reported an error", { diagnostics });
}
