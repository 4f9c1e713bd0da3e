import type { Database } from "better-sqlite3";
import type { LockHolder, Operation } from "./journal";

/** The SQLite side of stack locks: at most one running operation holds a stack. */

export function lockHolder(db: Database, stack: string): LockHolder | undefined {
  const row = db
    .prepare(
      `SELECT l.stack, l.operation_id, l.since, o.kind, o.requested_by
       FROM stack_locks l JOIN operations o ON o.id = l.operation_id WHERE l.stack = ?`,
    )
    .get(stack) as
    | {
        stack: string;
        operation_id: string;
        since: string;
        kind: Operation["kind"];
        requested_by: string;
      }
    | undefined;
  return (
    row && {
      stack: row.stack,
      operationId: row.operation_id,
      kind: row.kind,
      requestedBy: row.requested_by,
      since: row.since,
    }
  );
}

export function takeLock(db: Database, stack: string, operationId: string, since: string): void {
  db.prepare("INSERT INTO stack_locks (stack, operation_id, since) VALUES (?, ?, ?)").run(
    stack,
    operationId,
    since,
  );
}

export function releaseLock(db: Database, operationId: string): void {
  db.prepare("DELETE FROM stack_locks WHERE operation_id = ?").run(operationId);
}
