import type { FastifyInstance } from "fastify";
import { beginDeploy } from "./begin-deploy";

export interface RunningOperation {
  id: string;
  /** Journals and publishes an event, as a running operation's recorder does. */
  emit(type: "step" | "engine" | "log", data: Record<string, unknown>): Promise<void>;
  /** Ends it as the server does: final status, its `status` event, the end of its stream. */
  finish(): Promise<void>;
}

/**
 * An operation the server treats as running in its own process, without an engine: the
 * journal, the live fan-out and the running set are the server's own.
 */
export async function runningOperation(
  app: FastifyInstance,
  stack: string,
): Promise<RunningOperation> {
  const { journal, operationEvents, runningOperations } = app;
  const id = await beginDeploy(journal, stack);
  let done = () => {};
  runningOperations.track(id, new AbortController(), new Promise<void>((r) => (done = r)));
  return {
    id,
    emit: async (type, data) => operationEvents.publish(await journal.appendEvent(id, type, data)),
    finish: async () => {
      await journal.finishOperation(id, { status: "succeeded" });
      operationEvents.publish(await journal.appendEvent(id, "status", { status: "succeeded" }));
      operationEvents.end(id);
      done();
    },
  };
}
