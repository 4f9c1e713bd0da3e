import { setTimeout as sleep } from "node:timers/promises";
import type { Journal, LockHolder } from "../journal/journal";
import { serverPrincipal } from "./operation-work";
import type { RunningOperations } from "./running-operations";

/** An operation the server started on its own after another (operation-work.ts, FollowUp). */
export const isFollowUp = (holder: LockHolder): boolean => holder.requestedBy === serverPrincipal;

/**
 * How long a request waits for a follow-up to let go: an engine stops at a signal
 * between resources, well within this; past it the request is refused as busy.
 */
const yieldWaitMs = 60_000;

/**
 * A follow-up yields the stack to an operation someone asks for: it is cancelled (on
 * whichever instance runs it) and the stack's lock awaited. True once the follow-up has
 * let go of the stack.
 */
export async function supersedeFollowUp(
  services: { journal: Journal; runningOperations: RunningOperations },
  holder: LockHolder,
  by: string,
): Promise<boolean> {
  const { journal, runningOperations } = services;
  await journal.requestCancel(holder.operationId, by);
  runningOperations.cancel(holder.operationId, `superseded by ${by}'s request`);
  const deadline = Date.now() + yieldWaitMs;
  while (Date.now() < deadline) {
    const now = await journal.lockHolder(holder.stack);
    if (now?.operationId !== holder.operationId) return true;
    await sleep(25);
  }
  return false;
}
