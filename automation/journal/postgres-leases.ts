import type { OperationError } from "./journal";
import { ownerGone } from "./instance-owner";
import { firstRow, rows, type Queryable } from "./postgres-db";

/**
 * The PostgreSQL side of operation leases, as sqlite-leases.ts: which instance owns a
 * running operation, its heartbeat, and taking over an operation whose owner is gone.
 */

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
    `UPDATE operations SET heartbeat_at = $1
     WHERE id = ANY($2) AND owner = $3 AND status = 'running' RETURNING id`,
    [now(), running, instanceId],
  );
  return new Set(owned.map((row) => row.id));
}

/**
 * Takes over running operations whose lease lapsed (this instance's own too: it no
 * longer runs them), or whose owner's process is known
 * dead (only for owners on this host: elsewhere the lease has to lapse); answers their
 * ids. Each claim is a conditional update on the owner and heartbeat read, so of two
 * instances claiming at once, or an owner renewing meanwhile, exactly one wins.
 */
export async function claimExpired(
  db: Queryable,
  instanceId: string,
  leaseMs: number,
): Promise<string[]> {
  const cutoff = new Date(Date.now() - leaseMs).toISOString();
  const candidates = await rows<{ id: string; owner: string | null; heartbeat_at: string | null }>(
    db,
    "SELECT id, owner, heartbeat_at FROM operations WHERE status = 'running'",
  );
  const claimed: string[] = [];
  for (const row of candidates) {
    const expired =
      row.owner === null ||
      row.heartbeat_at === null ||
      row.heartbeat_at < cutoff ||
      (row.owner !== instanceId && ownerGone(row.owner));
    if (!expired) continue;
    const result = await db.query(
      `UPDATE operations SET owner = $1, heartbeat_at = $2
       WHERE id = $3 AND status = 'running'
         AND owner IS NOT DISTINCT FROM $4 AND heartbeat_at IS NOT DISTINCT FROM $5`,
      [instanceId, now(), row.id, row.owner, row.heartbeat_at],
    );
    if (result.rowCount === 1) claimed.push(row.id);
  }
  return claimed;
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
): Promise<OperationError | undefined> {
  const error = {
    code: "interrupted",
    message: "the server running this operation stopped before it ended",
  };
  const marked = await firstRow(
    db,
    `UPDATE operations SET status = 'interrupted', finished_at = $1, error = $2
     WHERE id = $3 AND status = 'running' AND owner = $4 RETURNING id`,
    [now(), JSON.stringify(error), id, instanceId],
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
