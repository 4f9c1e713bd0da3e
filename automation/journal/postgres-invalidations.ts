import { invalidationValues, toInvalidation, type InvalidationRow } from "./invalidation-row";
import type { InvalidationRecord } from "./journal";
import { firstRow, type Queryable } from "./postgres-db";

/** The PostgreSQL side of CloudFront invalidations asked through the server, by key and by id. */

export async function saveInvalidation(db: Queryable, record: InvalidationRecord): Promise<void> {
  await db.query(
    `INSERT INTO invalidations
       (stack, idempotency_key, id, distribution_id, paths, requested_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    invalidationValues(record),
  );
}

export async function findInvalidation(
  db: Queryable,
  stack: string,
  by: { idempotencyKey: string } | { id: string },
): Promise<InvalidationRecord | undefined> {
  const [column, value] = "id" in by ? ["id", by.id] : ["idempotency_key", by.idempotencyKey];
  const row = await firstRow<InvalidationRow>(
    db,
    `SELECT * FROM invalidations WHERE stack = $1 AND ${column} = $2`,
    [stack, value],
  );
  return row && toInvalidation(row);
}
