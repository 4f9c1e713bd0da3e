import type { NewRolloutCommand, RolloutCommand } from "../domain/rollout-command";
import { firstRow, rows, type Queryable } from "./postgres-db";
import {
  rolloutCommandValues,
  toRolloutCommand,
  type RolloutCommandRow,
} from "./rollout-command-row";

/** The PostgreSQL side of the commands asked of a running rollout, numbered per operation. */

/**
 * Journals a command under the operation's next command seq, in one statement: the seq
 * comes from the operation's row, whose update makes instances asking at once take turns.
 */
export async function requestRolloutCommand(
  db: Queryable,
  operationId: string,
  command: NewRolloutCommand,
): Promise<RolloutCommand> {
  const row = await firstRow<RolloutCommandRow>(
    db,
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
  if (!row) throw new RangeError(`no operation ${operationId}`);
  return toRolloutCommand(row);
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
