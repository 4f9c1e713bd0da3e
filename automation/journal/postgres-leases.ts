import type { OperationError } from "./journal";
import { operationOwnerGone } from "./instance-owner";
import { firstRow, rows, type Queryable } from "./postgres-db";

/**
 * The PostgreSQL side of operation leases, as sqlite-leases.ts: which instance owns a
 * running operation, its heartbeat, and taking over an operation whose owner is gone.
 *
 * Heartbeats, claims and expiry all read the database's clock, never an instance's: the
 * instances' clocks may disagree by more than a lease, the database's is one.
 */

/** The database's now, as the ISO text times are kept in (transaction start, UTC). */
export const databaseNow = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const now = () => new Date().toISOString();

/**
 * Renews the leases of the operations this instance still runs, and only those (one it
 * owns but no longer runs lapses, and is recovered); answers which of them it owns.
 */
export async function renewLeases(
  db: Queryable,
  instanceId: string,
  running: string[],
): Promise<Set<string>> {
  const owned = await rows<{ id: string }>(
    db,
    `UPDATE operations SET heartbeat_at = ${databaseNow}
     WHERE id = ANY($1) AND owner = $2 AND status = 'running' RETURNING id`,
    [running, instanceId],
  );
  return new Set(owned.map((row) => row.id));
}

/**
 * Takes over running operations whose lease lapsed (this instance's own too: it no
 * longer runs them), or whose owner's process is known
 * dead (only for owners on this host: elsewhere the lease has to lapse); answers their
 * ids and the epochs now held. Each claim is a conditional update on the owner and
 * heartbeat read, and bumps the epoch, so of two instances claiming at once, or an owner
 * renewing meanwhile, exactly one wins, and the loser's writes are refused after.
 */
export async function claimExpired(
  db: Queryable,
  instanceId: string,
  leaseMs: number,
): Promise<Array<{ id: string; epoch: number }>> {
  const candidates = await rows<{
    id: string;
    owner: string | null;
    heartbeat_at: string | null;
    lapsed: boolean;
  }>(
    db,
    `SELECT id, owner, heartbeat_at,
       heartbeat_at IS NULL OR heartbeat_at < to_char(
         (now() - $1 * interval '1 millisecond') AT TIME ZONE 'UTC',
         'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS lapsed
     FROM operations WHERE status = 'running'`,
    [leaseMs],
  );
  const claimed: Array<{ id: string; epoch: number }> = [];
  for (const row of candidates) {
    const expired =
      row.owner === null ||
      row.lapsed ||
      (row.owner !== instanceId && operationOwnerGone(row.owner));
    if (!expired) continue;
    const won = await firstRow<{ id: string; epoch: number }>(
      db,
      `UPDATE operations SET owner = $1, heartbeat_at = ${databaseNow}, epoch = epoch + 1
       WHERE id = $2 AND status = 'running'
         AND owner IS NOT DISTINCT FROM $3 AND heartbeat_at IS NOT DISTINCT FROM $4
       RETURNING id, epoch`,
      [instanceId, row.id, row.owner, row.heartbeat_at],
    );
    if (won) claimed.push(won);
  }
  return claimed;
}

/**
 * The owner and epoch a write checks, locked against a claim until the write commits.
 * The lock is the one an event's seq takes anyway, so writes to one operation take turns
 * instead of two shared locks each waiting for the other to upgrade.
 */
export function fenceRow(
  db: Queryable,
  id: string,
): Promise<{ owner: string | null; epoch: number } | undefined> {
  return firstRow(db, "SELECT owner, epoch FROM operations WHERE id = $1 FOR NO KEY UPDATE", [id]);
}

/**
 * Marks an operation this instance runs interrupted, cancels its running steps and frees
 * its lock, within the caller's transaction; answers the error, or undefined when the
 * operation is not this instance's to settle (any more).
 */
export async function markInterrupted(
  db: Queryable,
  instanceId: string,
  id: string,
  epoch?: number,
): Promise<OperationError | undefined> {
  const error = {
    code: "interrupted",
    message: "the server running this operation stopped before it ended",
  };
  const marked = await firstRow(
    db,
    `UPDATE operations SET status = 'interrupted', finished_at = $1, error = $2
     WHERE id = $3 AND status = 'running' AND owner = $4
       AND ($5::integer IS NULL OR epoch = $5) RETURNING id`,
    [now(), JSON.stringify(error), id, instanceId, epoch ?? null],
  );
  if (!marked) return undefined;
  await db.query(
    `UPDATE steps SET status = 'cancelled', finished_at = $1
     WHERE operation_id = $2 AND status = 'running'`,
    [now(), id],
  );
  await db.query("DELETE FROM stack_locks WHERE operation_id = $1", [id]);
  return error;
}

export async function requestCancel(db: Queryable, id: string, by: string): Promise<boolean> {
  const asked = await db.query(
    `UPDATE operations SET cancel_requested_by = COALESCE(cancel_requested_by, $1),
       cancel_requested_at = COALESCE(cancel_requested_at, ${databaseNow})
     WHERE id = $2 AND status = 'running'`,
    [by, id],
  );
  return asked.rowCount === 1;
}

export function cancelRequests(
  db: Queryable,
  instanceId: string,
  running: string[],
): Promise<Array<{ id: string; by: string }>> {
  return rows(
    db,
    `SELECT id, cancel_requested_by AS by FROM operations
     WHERE id = ANY($1) AND owner = $2 AND status = 'running'
       AND cancel_requested_by IS NOT NULL`,
    [running, instanceId],
  );
}
