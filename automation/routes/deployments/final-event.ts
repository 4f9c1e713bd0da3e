import type { Operation, OperationEvent } from "../../journal/journal";

/**
 * How long after an operation finished its final `status` event may still be on its way:
 * the owner journals the status, then the event, and may die in between.
 */
const statusGraceMs = 2_000;

/**
 * The seq of the last event the operation will ever have, once that is known: it has
 * finished and its final `status` event is journaled, or it finished long enough ago
 * that none is coming. Undefined while more may come. A client that has seen this seq has
 * everything, and is answered 204 (which tells an EventSource to stop reconnecting).
 */
export function finalEventSeq(
  operation: Operation,
  latest: OperationEvent | undefined,
  now = Date.now(),
): number | undefined {
  if (operation.status === "running") return undefined;
  if (latest?.type === "status") return latest.seq;
  const finishedAt = Date.parse(operation.finishedAt ?? "");
  const settled = Number.isNaN(finishedAt) || now - finishedAt >= statusGraceMs;
  return settled ? (latest?.seq ?? 0) : undefined;
}
