import type { Database } from "better-sqlite3";
import type { LockHolder } from "./journal";
import { toLockHolder, type LockHolderRow } from "./lock-holder-row";

/** The SQLite side of stack locks: at most one running operation holds a stack. */

export function lockHolder(db: Database, stack: string): LockHolder | undefined {
  const row = db
    .prepare(
      `SELECT l.stack, l.operation_id, l.since, o.kind, o.requested_by
       FROM stack_locks l JOIN operations o ON o.id = l.operation_id WHERE l.stack = ?`,
    )
    .get(stack) as LockHolderRow | undefined;
  return row && toLockHolder(row);
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
