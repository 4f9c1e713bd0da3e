import type { Journal, OperationEvent } from "../journal/journal";
import { PipelineError } from "../pipeline/pipeline-error";
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
  /** Journals an event and hands it to live listeners. */
  emit(type: OperationEvent["type"], data: Record<string, unknown>): void;
}

export function createStepRecorder(
  journal: Journal,
  events: OperationEvents,
  operationId: string,
  signal: AbortSignal,
): StepRecorder {
  const emit = (type: OperationEvent["type"], data: Record<string, unknown>) => {
    events.publish(journal.appendEvent(operationId, type, data));
  };
  return {
    emit,
    async step(name, work, detail, succeeded) {
      journal.startStep(operationId, name);
      emit("step", { step: name, status: "running" });
      try {
        const result = await work();
        const facts = detail?.(result);
        const status = (succeeded?.(result) ?? true) ? "succeeded" : "failed";
        journal.finishStep(operationId, name, status, facts);
        emit("step", { step: name, status, ...(facts ? { detail: facts } : {}) });
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
        journal.finishStep(operationId, name, status, facts);
        emit("step", { step: name, status, ...facts });
        throw error;
      }
    },
  };
}
