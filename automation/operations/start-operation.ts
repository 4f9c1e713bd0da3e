import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type {
  Journal,
  LockHolder,
  NewOperation,
  Operation,
  OperationPatch,
  OperationStatus,
} from "../journal/journal";
import { PipelineError } from "../domain/operation-error";
import { OperationEventLog } from "./operation-event-log";
import type { OperationEvents } from "./operation-events";
import {
  serverPrincipal,
  type FollowUp,
  type OperationOutcome,
  type OperationWork,
} from "./operation-work";
import type { RunningOperations } from "./running-operations";
import { createStepRecorder } from "./step-recorder";

export type { OperationContext, OperationWork } from "./operation-work";

export interface OperationServices {
  journal: Journal;
  operationEvents: OperationEvents;
  runningOperations: RunningOperations;
  log: FastifyBaseLogger;
}

export type StartResult =
  { started: Operation } | { heldBy: LockHolder } | { lockedOutside: Operation };

/** Maps whatever ended an operation to the journal's final record; secrets never reach it. */
function failure(error: unknown, signal: AbortSignal, log: FastifyBaseLogger, id: string) {
  if (signal.aborted) {
    return {
      status: "cancelled" as const,
      error: { code: "cancelled", message: "the operation was cancelled" },
    };
  }
  if (error instanceof PipelineError) {
    return { status: "failed" as const, error: { code: error.code, message: error.message } };
  }
  const errorId = randomUUID();
  log.error({ err: error, operationId: id, errorId }, "operation failed unexpectedly");
  return {
    status: "failed" as const,
    error: {
      code: "internal_error",
      message: `the operation failed unexpectedly (error id ${errorId})`,
    },
  };
}

/**
 * Takes the stack's lock in the journal, then runs the work in the background; the
 * caller answers 202 at once. Every ending, including a thrown error, is journaled and
 * frees the lock.
 */
export async function startOperation(
  services: OperationServices,
  input: NewOperation,
  isLockedOutside: () => Promise<boolean>,
  work: OperationWork,
): Promise<StartResult> {
  const { journal, operationEvents, runningOperations, log } = services;
  const begun = await journal.beginOperation(input);
  if ("heldBy" in begun) return { heldBy: begun.heldBy };
  const { operation } = begun;
  const controller = new AbortController();
  // Tracked from the start, so a cancel (a superseding request's too) reaches it at once.
  let ended!: () => void;
  runningOperations.track(operation.id, controller, new Promise((resolve) => (ended = resolve)));
  const events = new OperationEventLog(journal, operationEvents, operation.id);
  const recorder = createStepRecorder(
    journal,
    operationEvents,
    operation.id,
    controller.signal,
    events,
  );
  const finish = async (patch: OperationPatch & { status: OperationStatus }) => {
    // Events emitted where nothing could wait for them are journaled before the final one.
    await recorder.emitted().catch((error: unknown) => {
      log.error({ err: error, operationId: operation.id }, "could not journal an operation event");
    });
    const finished = await journal.finishOperation(operation.id, {
      ...patch,
      finishedAt: new Date().toISOString(),
    });
    if (finished.status !== patch.status) {
      // Another instance took the operation over (this one missed its lease) and settled it.
      log.warn(
        { operationId: operation.id, status: finished.status, outcome: patch.status },
        "the operation was settled by another instance; its outcome here is not recorded",
      );
      operationEvents.end(operation.id);
      return finished;
    }
    await events.append("status", { status: finished.status, error: finished.error });
    operationEvents.end(operation.id);
    operationEvents.finished(finished);
    return finished;
  };

  // From here every path ends the operation, so its lock is never left behind.
  let lockedOutside: boolean;
  try {
    lockedOutside = await isLockedOutside();
  } catch (error) {
    await finish(failure(error, new AbortController().signal, log, operation.id)).finally(ended);
    throw error;
  }
  if (lockedOutside) {
    const message = "another pulumi process holds this stack's lock (an engineer's `pulumi up`?)";
    const error = { code: "stack_locked", message };
    return { lockedOutside: await finish({ status: "failed", error }).finally(ended) };
  }

  const note = async (patch: OperationPatch) => {
    await journal.updateOperation(operation.id, patch);
  };
  // An end that could not be journaled is journaled again by the lease keeper, so the
  // stack is freed once the journal answers, not at the next restart.
  const end = async (patch: OperationPatch & { status: OperationStatus }) =>
    finish(patch).then(
      (finished) => finished.status === patch.status,
      (error: unknown) => {
        log.error(
          { err: error, operationId: operation.id },
          "could not journal the end of an operation",
        );
        runningOperations.endLater(operation.id, async () => void (await finish(patch)));
        return false;
      },
    );
  // What follows starts only once this operation's end is journaled as it reported it.
  const follow = async (next: FollowUp) => {
    if (!runningOperations.isAccepting) return;
    const request = { after: operation.id, reason: next.reason };
    const started = await startOperation(
      services,
      { stack: input.stack, kind: next.kind, requestedBy: serverPrincipal, request },
      isLockedOutside,
      next.work,
    ).catch((error: unknown) => {
      log.warn({ err: error, operationId: operation.id }, "could not start what follows it");
    });
    // Taken meanwhile: what holds the stack now leaves it as consistent as the follow-up would.
    if (started && "heldBy" in started)
      log.info({ operationId: operation.id, heldBy: started.heldBy }, "follow-up not needed");
  };
  const done = work({ operation, recorder, signal: controller.signal, note }).then(
    async ({ then, ...outcome }: OperationOutcome) => {
      if ((await end(outcome)) && then) await follow(then);
    },
    async (error: unknown) =>
      void (await end(failure(error, controller.signal, log, operation.id))),
  );
  void done.finally(ended);
  return { started: operation };
}
