import type { Database } from "better-sqlite3";
import { ownerGone } from "./instance-owner";

/**
 * The SQLite side of operation leases: which instance owns a running operation, its
 * heartbeat, and taking over an operation whose owner is gone.
 */

const now = () => new Date().toISOString();

export function ownsRunning(db: Database, instanceId: string, id: string): boolean {
  return (
    db
      .prepare("SELECT 1 FROM operations WHERE id = ? AND status = 'running' AND owner = ?")
      .get(id, instanceId) !== undefined
  );
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
 * longer runs them) or whose owner died here; answers their ids.
 */
export function claimExpired(db: Database, instanceId: string, leaseMs: number): string[] {
  const cutoff = new Date(Date.now() - leaseMs).toISOString();
  const candidates = db
    .prepare("SELECT id, owner, heartbeat_at FROM operations WHERE status = 'running'")
    .all() as Array<{ id: string; owner: string | null; heartbeat_at: string | null }>;
  const claim = db.prepare(
    `UPDATE operations SET owner = ?, heartbeat_at = ?
     WHERE id = ? AND status = 'running' AND owner IS ? AND heartbeat_at IS ?`,
  );
  return candidates
    .filter(
      (row) =>
        row.owner === null ||
        row.heartbeat_at === null ||
        row.heartbeat_at < cutoff ||
        (row.owner !== instanceId && ownerGone(row.owner)),
    )
    .filter(
      // Claimed only if nobody renewed or took it since it was read.
      (row) => claim.run(instanceId, now(), row.id, row.owner, row.heartbeat_at).changes === 1,
    )
    .map((row) => row.id);
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
