import type { InvalidationRecord } from "./journal";

/** An invalidations row as both journals read it: the paths are JSON text. */
export interface InvalidationRow {
  stack: string;
  idempotency_key: string;
  id: string;
  distribution_id: string;
  paths: string;
  requested_by: string;
  created_at: string;
}

export const toInvalidation = (row: InvalidationRow): InvalidationRecord => ({
  stack: row.stack,
  id: row.id,
  idempotencyKey: row.idempotency_key,
  distributionId: row.distribution_id,
  paths: JSON.parse(row.paths) as string[],
  requestedBy: row.requested_by,
  createdAt: row.created_at,
});

/**
 * A record's values in the order both journals' INSERTs name the columns: stack,
 * idempotency_key, id, distribution_id, paths, requested_by, created_at.
 */
export const invalidationValues = (record: InvalidationRecord): string[] => [
  record.stack,
  record.idempotencyKey,
  record.id,
  record.distributionId,
  JSON.stringify(record.paths),
  record.requestedBy,
  record.createdAt,
];
