import type { FastifyReply } from "fastify";
import type { Journal } from "../../journal/journal";
import type { StartResult } from "../../operations/start-operation";
import { conflict } from "../../plugins/http-error";
import { describePause, pausedRollout } from "./paused-rollout";

/** 202 with the new operation, or 409 naming who holds the stack (and a rollout's pause). */
export async function replyToStart(reply: FastifyReply, result: StartResult, journal: Journal) {
  if ("heldBy" in result) {
    const { operationId, kind, requestedBy, since } = result.heldBy;
    const paused = await pausedRollout(journal, operationId);
    throw conflict(
      "stack_busy",
      `stack ${result.heldBy.stack} is busy: ${kind} ${operationId} requested by ${requestedBy} since ${since}${paused ? `; ${describePause(operationId, paused)}` : ""}`,
      { holder: result.heldBy, ...(paused ? { pausedRollout: paused } : {}) },
    );
  }
  if ("lockedOutside" in result) {
    throw conflict("stack_locked", result.lockedOutside.error?.message ?? "the stack is locked", {
      deploymentId: result.lockedOutside.id,
    });
  }
  return reply.code(202).send({ deployment: result.started });
}
