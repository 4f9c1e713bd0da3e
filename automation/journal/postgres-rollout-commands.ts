import {
  rolloutStepName,
  type NewRolloutCommand,
  type RolloutCommand,
} from "../domain/rollout-command";
import type { Pool } from "pg";
import { firstRow, inTransaction, rows, type Queryable } from "./postgres-db";
import {
  rolloutCommandValues,
  toRolloutCommand,
  type RolloutCommandRow,
} from "./rollout-command-row";

/** The PostgreSQL side of the commands asked of a running rollout, numbered per operation. */

/**
 * Journals a command under the operation's next command seq while the operation's
 * rollout step runs, in one transaction that locks in one order: the operation's row for
 * update (instances asking at once take turns for the seq), then the step's row for share
 * (an ending under way is waited for, and then the step no longer runs; one not yet under
 * way waits until the command is in, so the executor's read after it sees the command).
 */
export function requestRolloutCommand(
  pool: Pool,
  operationId: string,
  command: NewRolloutCommand,
): Promise<RolloutCommand | undefined> {
  return inTransaction(pool, async (client) => {
    const operation = await firstRow(client, "SELECT 1 FROM operations WHERE id = $1 FOR UPDATE", [
      operationId,
    ]);
    if (!operation) throw new RangeError(`no operation ${operationId}`);
    const rollingOut = await firstRow(
      client,
      "SELECT 1 FROM steps WHERE operation_id = $1 AND name = $2 AND status = 'running' FOR SHARE",
      [operationId, rolloutStepName],
    );
    if (!rollingOut) return undefined;
    const row = await firstRow<RolloutCommandRow>(
      client,
      `WITH next AS (
         UPDATE operations SET last_command_seq = last_command_seq + 1 WHERE id = $1
         RETURNING last_command_seq
       )
       INSERT INTO rollout_commands
         (operation_id, seq, kind, full_promotion, requested_by, reason, at)
       SELECT $1, last_command_seq, $2, $3, $4, $5, $6 FROM next
       RETURNING *`,
      [operationId, ...rolloutCommandValues(command, new Date().toISOString())],
    );
    return toRolloutCommand(row!);
  });
}

export async function rolloutCommands(
  db: Queryable,
  operationId: string,
  afterSeq: number,
): Promise<RolloutCommand[]> {
  const found = await rows<RolloutCommandRow>(
    db,
    "SELECT * FROM rollout_commands WHERE operation_id = $1 AND seq > $2 ORDER BY seq",
    [operationId, afterSeq],
  );
  return found.map(toRolloutCommand);
}
