import type { Journal, OperationEvent } from "../journal/journal";
import { PipelineError } from "../domain/operation-error";
import { OperationEventLog } from "./operation-event-log";
import type { OperationEvents } from "./operation-events";

export interface StepRecorder {
  /**
   * Runs one named step, journaling its start, outcome and detail. `succeeded` judges a
   * result that is itself a verdict (a health check that answered "no" ran, but failed).
   */
  step<T>(
    name: string,
    work: () => Promise<T>,
    detail?: (result: T) => Record<string, unknown>,
    succeeded?: (result: T) => boolean,
  ): Promise<T>;
  /**
   * Journals an event and hands it to live listeners, after every event emitted before
   * it. Callers that cannot wait (the engine's event callback) do not: an event that
   * could not be journaled fails the step it was emitted in, or is told by `emitted`.
   */
  emit(type: OperationEvent["type"], data: Record<string, unknown>): void;
  /**
   * Settles once every event emitted so far is journaled and published; rejects with the
   * first one since the last check that could not be.
   */
  emitted(): Promise<void>;
}

export function createStepRecorder(
  journal: Journal,
  events: OperationEvents,
  operationId: string,
  signal: AbortSignal,
  log = new OperationEventLog(journal, events, operationId),
): StepRecorder {
  let unjournaled: { error: unknown } | undefined;
  const emit = (type: OperationEvent["type"], data: Record<string, unknown>) => {
    log.append(type, data).catch((error: unknown) => {
      unjournaled ??= { error };
    });
  };
  const emitted = async () => {
    await log.settled();
    const failed = unjournaled;
    unjournaled = undefined;
    if (failed) throw failed.error;
  };
  return {
    emit,
    emitted,
    async step(name, work, detail, succeeded) {
      await journal.startStep(operationId, name);
      await log.append("step", { step: name, status: "running" });
      try {
        const result = await work();
        // An event the step emitted that the journal did not take fails it, as a write would.
        await emitted();
        const facts = detail?.(result);
        const status = (succeeded?.(result) ?? true) ? "succeeded" : "failed";
        await journal.finishStep(operationId, name, status, facts);
        await log.append("step", { step: name, status, ...(facts ? { detail: facts } : {}) });
        return result;
      } catch (error) {
        const status = signal.aborted ? "cancelled" : "failed";
        // A pipeline failure's message and details (the engine's diagnostics) are what a
        // user acts on; anything else may carry internals, so it is told only in the log,
        // under the error id of the operation's own error.
        const facts =
          error instanceof PipelineError
            ? { message: error.message, ...error.details }
            : { message: "the step failed unexpectedly; see the operation's error" };
        await journal.finishStep(operationId, name, status, facts);
        await log.append("step", { step: name, status, ...facts });
        throw error;
      }
    },
  };
}
