import type { Database } from "better-sqlite3";
import { operationOwnerGone } from "./instance-owner";

/**
 * The SQLite side of operation leases: which instance owns a running operation, its
 * heartbeat, and taking over an operation whose owner is gone.
 */

const now = () => new Date().toISOString();

/** Whether this instance runs the operation, at `epoch` when it knows the one it holds. */
export function ownsRunning(db: Database, instanceId: string, id: string, epoch?: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM operations WHERE id = ? AND status = 'running' AND owner = ?
         AND (? IS NULL OR epoch = ?)`,
      )
      .get(id, instanceId, epoch ?? null, epoch ?? null) !== undefined
  );
}

/** The owner and epoch a write to an operation checks, in the write's transaction. */
export function fenceRow(
  db: Database,
  id: string,
): { owner: string | null; epoch: number } | undefined {
  return db.prepare("SELECT owner, epoch FROM operations WHERE id = ?").get(id) as
    { owner: string | null; epoch: number } | undefined;
}

/**
 * Renews the leases of the operations this instance still runs, and only those: one it
 * owns but no longer runs (its end could not be journaled) lapses, and is recovered.
 */
export function renewLeases(db: Database, instanceId: string, running: string[]): void {
  const renew = db.prepare(
    "UPDATE operations SET heartbeat_at = ? WHERE id = ? AND owner = ? AND status = 'running'",
  );
  db.transaction(() => {
    for (const id of running) renew.run(now(), id, instanceId);
  })();
}

/**
 * Takes over running operations whose lease lapsed (this instance's own too: it no
 * longer runs them) or whose owner died here, each claim bumping the operation's epoch;
 * answers their ids and the epochs now held.
 */
export function claimExpired(
  db: Database,
  instanceId: string,
  leaseMs: number,
): Array<{ id: string; epoch: number }> {
  const cutoff = new Date(Date.now() - leaseMs).toISOString();
  const candidates = db
    .prepare("SELECT id, owner, heartbeat_at FROM operations WHERE status = 'running'")
    .all() as Array<{ id: string; owner: string | null; heartbeat_at: string | null }>;
  const claim = db.prepare(
    `UPDATE operations SET owner = ?, heartbeat_at = ?, epoch = epoch + 1
     WHERE id = ? AND status = 'running' AND owner IS ? AND heartbeat_at IS ?
     RETURNING id, epoch`,
  );
  return candidates
    .filter(
      (row) =>
        row.owner === null ||
        row.heartbeat_at === null ||
        row.heartbeat_at < cutoff ||
        (row.owner !== instanceId && operationOwnerGone(row.owner)),
    )
    .flatMap(
      // Claimed only if nobody renewed or took it since it was read.
      (row) =>
        claim.all(instanceId, now(), row.id, row.owner, row.heartbeat_at) as Array<{
          id: string;
          epoch: number;
        }>,
    );
}

/** Marks a claimed operation interrupted, cancels its running steps and frees its lock. */
export function markInterrupted(db: Database, id: string): { code: string; message: string } {
  const error = {
    code: "interrupted",
    message: "the server running this operation stopped before it ended",
  };
  db.prepare(
    "UPDATE operations SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ?",
  ).run(now(), JSON.stringify(error), id);
  db.prepare(
    "UPDATE steps SET status = 'cancelled', finished_at = ? WHERE operation_id = ? AND status = 'running'",
  ).run(now(), id);
  db.prepare("DELETE FROM stack_locks WHERE operation_id = ?").run(id);
  return error;
}

export function requestCancel(db: Database, id: string, by: string): boolean {
  const asked = db
    .prepare(
      `UPDATE operations SET cancel_requested_by = COALESCE(cancel_requested_by, ?),
         cancel_requested_at = COALESCE(cancel_requested_at, ?)
       WHERE id = ? AND status = 'running'`,
    )
    .run(by, now(), id);
  return asked.changes === 1;
}

export function cancelRequests(
  db: Database,
  instanceId: string,
  running: string[],
): Array<{ id: string; by: string }> {
  const asked = db.prepare(
    `SELECT id, cancel_requested_by AS by FROM operations
     WHERE id = ? AND owner = ? AND status = 'running' AND cancel_requested_by IS NOT NULL`,
  );
  return running.flatMap((id) => asked.all(id, instanceId) as Array<{ id: string; by: string }>);
}
