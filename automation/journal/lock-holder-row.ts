import type { LockHolder, Operation } from "./journal";

/** A stack_locks row joined with its operation's kind and requester, as both journals read it. */
export interface LockHolderRow {
  stack: string;
  operation_id: string;
  since: string;
  kind: Operation["kind"];
  requested_by: string;
}

export const toLockHolder = (row: LockHolderRow): LockHolder => ({
  stack: row.stack,
  operationId: row.operation_id,
  kind: row.kind,
  requestedBy: row.requested_by,
  since: row.since,
});
