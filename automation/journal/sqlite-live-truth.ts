import type { Database } from "better-sqlite3";
import type { LiveCheck, LiveState } from "../domain/live-state";
import type { ServiceName } from "../domain/services";
import { toBadRelease, type BadReleaseRow } from "./bad-release-row";
import type { BadRelease, NewPointerIntent, PointerIntent, PointerOutcome } from "./journal";
import { pointerMoveValues, toPointerIntent, type PointerMoveRow } from "./pointer-move-row";

/**
 * The SQLite side of live truth: write-ahead pointer moves and the bad releases they
 * leave behind. Each function runs in one transaction of its own.
 */

const now = () => new Date().toISOString();

export function readLive(db: Database, stack: string): LiveState | undefined {
  const row = db.prepare("SELECT state FROM live_state WHERE stack = ?").get(stack) as
    { state: string } | undefined;
  return row && (JSON.parse(row.state) as LiveState);
}

/** Writes a stack's live state; the last check against AWS stays until a newer one. */
export function writeLive(db: Database, state: LiveState): void {
  const lastCheck = state.lastCheck ?? readLive(db, state.stack)?.lastCheck;
  if (lastCheck) state = { ...state, lastCheck };
  db.prepare(
    `INSERT INTO live_state (stack, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (stack) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  ).run(state.stack, JSON.stringify(state), state.updatedAt);
}

export function openPointerMove(db: Database, intent: NewPointerIntent): number {
  const result = db
    .prepare(
      `INSERT INTO pointer_moves
         (operation_id, stack, service, from_pointer, to_pointer, target, state, opened_at)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
    )
    .run(...pointerMoveValues(intent, now()));
  return Number(result.lastInsertRowid);
}

/** The operation a pointer move belongs to. */
export function pointerMoveOperation(db: Database, id: number): string | undefined {
  const row = db.prepare("SELECT operation_id FROM pointer_moves WHERE id = ?").get(id) as
    { operation_id: string } | undefined;
  return row?.operation_id;
}

export function settlePointerMove(db: Database, id: number, outcome: PointerOutcome): void {
  db.transaction(() => {
    const row = db
      .prepare("SELECT stack, service, state FROM pointer_moves WHERE id = ?")
      .get(id) as
      { stack: string; service: ServiceName; state: PointerIntent["state"] } | undefined;
    if (!row) throw new RangeError(`no pointer move ${id}`);
    // Settled once: a recovery by another instance may have got there first.
    if (row.state !== "open") return;
    db.prepare("UPDATE pointer_moves SET state = ?, settled_at = ? WHERE id = ?").run(
      outcome.moved ? "moved" : "not_moved",
      now(),
      id,
    );
    if (!outcome.moved) return;
    const live = readLive(db, row.stack);
    // A stack's first deploy has no live state yet; its release creates it.
    if (live) {
      live.services[row.service] = outcome.live;
      live.updatedAt = now();
      writeLive(db, live);
    }
    if (outcome.bad) {
      const { tag, at, by, reason, operationId } = outcome.bad;
      db.prepare(
        `INSERT INTO bad_releases (stack, tag, service, marked_at, marked_by, reason, operation_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ).run(row.stack, tag, row.service, at, by, reason, operationId);
    }
  }).immediate();
}

export function pointerMoves(db: Database, operationId: string): PointerIntent[] {
  const rows = db
    .prepare("SELECT * FROM pointer_moves WHERE operation_id = ? ORDER BY id")
    .all(operationId) as PointerMoveRow[];
  return rows.map(toPointerIntent);
}

export function badReleases(db: Database, stack: string): BadRelease[] {
  const rows = db
    .prepare("SELECT * FROM bad_releases WHERE stack = ? ORDER BY tag, service")
    .all(stack) as BadReleaseRow[];
  return rows.map(toBadRelease);
}

export function saveLiveCheck(
  db: Database,
  stack: string,
  check: LiveCheck,
  corrected: LiveState["services"],
): void {
  db.transaction(() => {
    const live = readLive(db, stack);
    if (!live) return;
    writeLive(db, { ...live, services: corrected, lastCheck: check, updatedAt: now() });
  }).immediate();
}
