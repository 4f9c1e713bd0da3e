import type { Journal, OperationEvent } from "../journal/journal";
import { PipelineError } from "../pipeline/pipeline-error";
import type { OperationEvents } from "./operation-events";

export interface StepRecorder {
  /** Runs one named step, journaling its start, outcome and detail. */
  step<T>(
    name: string,
    work: () => Promise<T>,
    detail?: (result: T) => Record<string, unknown>,
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
    async step(name, work, detail) {
      journal.startStep(operationId, name);
      emit("step", { step: name, status: "running" });
      try {
        const result = await work();
        const facts = detail?.(result);
        journal.finishStep(operationId, name, "succeeded", facts);
        emit("step", { step: name, status: "succeeded", ...(facts ? { detail: facts } : {}) });
        return result;
      } catch (error) {
        const status = signal.aborted ? "cancelled" : "failed";
        const message = error instanceof Error ? error.message : String(error);
        // A pipeline failure's details (the engine's diagnostics) are what a user acts on.
        const details = error instanceof PipelineError ? error.details : undefined;
        journal.finishStep(operationId, name, status, { message, ...details });
        emit("step", { step: name, status, message, ...details });
        throw error;
      }
    },
  };
}
