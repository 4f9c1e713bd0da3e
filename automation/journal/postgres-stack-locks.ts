import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import type {
  LockHolder,
  NewOperation,
  Operation,
  OperationPatch,
  OperationStatus,
} from "./journal";
import { toLockHolder, type LockHolderRow } from "./lock-holder-row";
import { firstRow, inTransaction, type Queryable } from "./postgres-db";
import { getOperation, insertOperation, patchOperation } from "./postgres-operations";

/**
 * Per-stack mutual exclusion on PostgreSQL, for every instance sharing the database.
 *
 * The lock is the stack's row in stack_locks, and its primary key does the excluding:
 * `INSERT … ON CONFLICT DO NOTHING` either inserts the row or finds another's. When
 * another transaction has inserted it and not yet committed, PostgreSQL makes the insert
 * wait for that transaction's outcome, so no begin ever sees a stack free that another
 * is taking. The row outlives the transaction as the lock must (an advisory transaction
 * lock would only order the begins, and still need this row to say who holds the
 * stack); it is the same row finishOperation and recovery delete, and it names the
 * holder. Nothing else is locked, so begins on different stacks never wait on each other.
 */

export async function lockHolder(db: Queryable, stack: string): Promise<LockHolder | undefined> {
  const row = await firstRow<LockHolderRow>(
    db,
    `SELECT l.stack, l.operation_id, l.since, o.kind, o.requested_by
     FROM stack_locks l JOIN operations o ON o.id = l.operation_id WHERE l.stack = $1`,
    [stack],
  );
  return row && toLockHolder(row);
}

/**
 * Takes the stack's lock and inserts the operation in one transaction, or answers the
 * holder. The lock comes first, so a refused begin writes nothing.
 */
export async function beginOperation(
  pool: Pool,
  instanceId: string,
  input: NewOperation,
): Promise<{ operation: Operation } | { heldBy: LockHolder }> {
  for (;;) {
    const outcome = await inTransaction(pool, async (client) => {
      const id = randomUUID();
      // The lock's time is the operation's, as on SQLite.
      const at = new Date().toISOString();
      const taken = await client.query(
        `INSERT INTO stack_locks (stack, operation_id, since) VALUES ($1, $2, $3)
         ON CONFLICT (stack) DO NOTHING`,
        [input.stack, id, at],
      );
      // Read in a snapshot of its own (read committed): it sees the holder that just committed.
      if (taken.rowCount === 0) return lockHolder(client, input.stack);
      return { operation: await insertOperation(client, instanceId, input, id, at) };
    });
    if (outcome === undefined) continue; // Its holder finished between the two reads: try again.
    return "operation" in outcome ? outcome : { heldBy: outcome };
  }
}

/**
 * Sets the final status and frees the stack, only while this instance runs the
 * operation: one that another instance took over and settled keeps what it says.
 */
export async function finishOperation(
  pool: Pool,
  instanceId: string,
  id: string,
  patch: OperationPatch & { status: OperationStatus },
  epoch?: number,
): Promise<Operation> {
  return inTransaction(pool, async (client) => {
    const finished = { finishedAt: new Date().toISOString(), ...patch };
    if (await patchOperation(client, id, finished, instanceId, epoch)) {
      await client.query("DELETE FROM stack_locks WHERE operation_id = $1", [id]);
    }
    const operation = await getOperation(client, id);
    if (!operation) throw new RangeError(`no operation ${id}`);
    return operation;
  });
}
