import type { Database } from "better-sqlite3";
import {
  rolloutStepName,
  type NewRolloutCommand,
  type RolloutCommand,
} from "../domain/rollout-command";
import {
  rolloutCommandValues,
  toRolloutCommand,
  type RolloutCommandRow,
} from "./rollout-command-row";

/** The SQLite side of the commands asked of a running rollout, numbered per operation. */

export function requestRolloutCommand(
  db: Database,
  operationId: string,
  command: NewRolloutCommand,
): RolloutCommand | undefined {
  const [kind, full, by, reason, at] = rolloutCommandValues(command, new Date().toISOString());
  // Immediate: the next seq is read and taken under the write lock, so two processes
  // asking at once get two seqs, and the rollout step cannot end between check and insert.
  return db
    .transaction(() => {
      if (!db.prepare("SELECT 1 FROM operations WHERE id = ?").get(operationId)) {
        throw new RangeError(`no operation ${operationId}`);
      }
      const rollingOut = db
        .prepare("SELECT 1 FROM steps WHERE operation_id = ? AND name = ? AND status = 'running'")
        .get(operationId, rolloutStepName);
      if (!rollingOut) return undefined;
      const row = db
        .prepare(
          `INSERT INTO rollout_commands
             (operation_id, seq, kind, full_promotion, requested_by, reason, at)
           VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM rollout_commands
                       WHERE operation_id = ?), ?, ?, ?, ?, ?)
           RETURNING *`,
        )
        // SQLite binds no booleans.
        .get(operationId, operationId, kind, Number(full), by, reason, at) as RolloutCommandRow;
      return toRolloutCommand(row);
    })
    .immediate();
}

export function rolloutCommands(
  db: Database,
  operationId: string,
  afterSeq: number,
): RolloutCommand[] {
  const rows = db
    .prepare("SELECT * FROM rollout_commands WHERE operation_id = ? AND seq > ? ORDER BY seq")
    .all(operationId, afterSeq) as RolloutCommandRow[];
  return rows.map(toRolloutCommand);
}
