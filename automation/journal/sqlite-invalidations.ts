import type { Database } from "better-sqlite3";
import type { InvalidationRecord } from "./journal";

/** The SQLite side of CloudFront invalidations asked through the server, by key and by id. */

export function saveInvalidation(db: Database, record: InvalidationRecord): void {
  db.prepare(
    `INSERT INTO invalidations
           (stack, idempotency_key, id, distribution_id, paths, requested_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    record.stack,
    record.idempotencyKey,
    record.id,
    record.distributionId,
    JSON.stringify(record.paths),
    record.requestedBy,
    record.createdAt,
  );
}

export function findInvalidation(
  db: Database,
  stack: string,
  by: { idempotencyKey: string } | { id: string },
): InvalidationRecord | undefined {
  const [column, value] = "id" in by ? ["id", by.id] : ["idempotency_key", by.idempotencyKey];
  const row = db
    .prepare(`SELECT * FROM invalidations WHERE stack = ? AND ${column} = ?`)
    .get(stack, value) as Record<string, string> | undefined;
  if (!row) return undefined;
  return {
    stack: row.stack!,
    id: row.id!,
    idempotencyKey: row.idempotency_key!,
    distributionId: row.distribution_id!,
    paths: JSON.parse(row.paths!) as string[],
    requestedBy: row.requested_by!,
    createdAt: row.created_at!,
  };
}
