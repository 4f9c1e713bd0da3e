import type { RecordedOutputs } from "./journal";
import { firstRow, type Queryable } from "./postgres-db";

/** The PostgreSQL side of the outputs recorded after each engine run, one row per stack. */

export async function recordOutputs(
  db: Queryable,
  stack: string,
  outputs: Record<string, unknown>,
): Promise<void> {
  await db.query(
    `INSERT INTO stack_outputs (stack, outputs, recorded_at) VALUES ($1, $2, $3)
     ON CONFLICT (stack) DO UPDATE SET outputs = excluded.outputs, recorded_at = excluded.recorded_at`,
    [stack, JSON.stringify(outputs), new Date().toISOString()],
  );
}

export async function recordedOutputs(
  db: Queryable,
  stack: string,
): Promise<RecordedOutputs | undefined> {
  const row = await firstRow<{ outputs: string; recorded_at: string }>(
    db,
    "SELECT outputs, recorded_at FROM stack_outputs WHERE stack = $1",
    [stack],
  );
  if (!row) return undefined;
  return {
    outputs: JSON.parse(row.outputs) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}
