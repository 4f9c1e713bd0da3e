import type { Database } from "better-sqlite3";
import { invalidationValues, toInvalidation, type InvalidationRow } from "./invalidation-row";
import type { InvalidationRecord } from "./journal";

/** The SQLite side of CloudFront invalidations asked through the server, by key and by id. */

export function saveInvalidation(db: Database, record: InvalidationRecord): void {
  db.prepare(
    `INSERT INTO invalidations
           (stack, idempotency_key, id, distribution_id, paths, requested_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(...invalidationValues(record));
}

export function findInvalidation(
  db: Database,
  stack: string,
  by: { idempotencyKey: string } | { id: string },
): InvalidationRecord | undefined {
  const [column, value] = "id" in by ? ["id", by.id] : ["idempotency_key", by.idempotencyKey];
  const row = db
    .prepare(`SELECT * FROM invalidations WHERE stack = ? AND ${column} = ?`)
    .get(stack, value) as InvalidationRow | undefined;
  return row && toInvalidation(row);
}
