import type { FastifyReply } from "fastify";
import type { StartResult } from "../../operations/start-operation";
import { conflict } from "../../plugins/http-error";

/** 202 with the new operation, or 409 naming who holds the stack. */
export function replyToStart(reply: FastifyReply, result: StartResult) {
  if ("heldBy" in result) {
    const { operationId, kind, requestedBy, since } = result.heldBy;
    throw conflict(
      "stack_busy",
      `stack ${result.heldBy.stack} is busy: ${kind} ${operationId} requested by ${requestedBy} since ${since}`,
      { holder: result.heldBy },
    );
  }
  if ("lockedOutside" in result) {
    throw conflict("stack_locked", result.lockedOutside.error?.message ?? "the stack is locked", {
      deploymentId: result.lockedOutside.id,
    });
  }
  return reply.code(202).send({ deployment: result.started });
}
