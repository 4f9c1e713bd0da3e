import type { Database } from "better-sqlite3";
import type { RecordedOutputs } from "./journal";

/** The SQLite side of the outputs recorded after each engine run, one row per stack. */

export function recordOutputs(db: Database, stack: string, outputs: Record<string, unknown>): void {
  db.prepare(
    `INSERT INTO stack_outputs (stack, outputs, recorded_at) VALUES (?, ?, ?)
       ON CONFLICT (stack) DO UPDATE SET outputs = excluded.outputs, recorded_at = excluded.recorded_at`,
  ).run(stack, JSON.stringify(outputs), new Date().toISOString());
}

export function recordedOutputs(db: Database, stack: string): RecordedOutputs | undefined {
  const row = db
    .prepare("SELECT outputs, recorded_at FROM stack_outputs WHERE stack = ?")
    .get(stack) as { outputs: string; recorded_at: string } | undefined;
  if (!row) return undefined;
  return {
    outputs: JSON.parse(row.outputs) as Record<string, unknown>,
    recordedAt: row.recorded_at,
  };
}
