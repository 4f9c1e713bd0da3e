import type { Pool, PoolClient } from "pg";
import type { LiveCheck, LiveState } from "../domain/live-state";
import type { ServiceName } from "../domain/services";
import { toBadRelease, type BadReleaseRow } from "./bad-release-row";
import type { BadRelease, NewPointerIntent, PointerIntent, PointerOutcome } from "./journal";
import { pointerMoveValues, toPointerIntent, type PointerMoveRow } from "./pointer-move-row";
import { firstRow, inTransaction, rows, type Queryable } from "./postgres-db";

/**
 * The PostgreSQL side of live truth: write-ahead pointer moves, the live state they
 * change and the bad releases they leave behind.
 *
 * A stack's live state is one document that several services' moves change, perhaps
 * from several instances at once: every change reads it FOR UPDATE in its transaction,
 * so one move's change is never written over by another's stale copy.
 */

const now = () => new Date().toISOString();

export async function readLive(
  db: Queryable,
  stack: string,
  forUpdate = false,
): Promise<LiveState | undefined> {
  const row = await firstRow<{ state: string }>(
    db,
    `SELECT state FROM live_state WHERE stack = $1${forUpdate ? " FOR UPDATE" : ""}`,
    [stack],
  );
  return row && (JSON.parse(row.state) as LiveState);
}

/**
 * Writes a stack's live state within the caller's transaction; the last check against
 * AWS stays until a newer one.
 */
export async function writeLive(client: PoolClient, state: LiveState): Promise<void> {
  const lastCheck = state.lastCheck ?? (await readLive(client, state.stack, true))?.lastCheck;
  if (lastCheck) state = { ...state, lastCheck };
  await client.query(
    `INSERT INTO live_state (stack, state, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (stack) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    [state.stack, JSON.stringify(state), state.updatedAt],
  );
}

export async function saveLiveState(pool: Pool, state: LiveState): Promise<void> {
  await inTransaction(pool, (client) => writeLive(client, state));
}

export async function openPointerMove(db: Queryable, intent: NewPointerIntent): Promise<number> {
  const row = await firstRow<{ id: string }>(
    db,
    `INSERT INTO pointer_moves
       (operation_id, stack, service, from_pointer, to_pointer, target, state, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING id`,
    pointerMoveValues(intent, now()),
  );
  // bigint comes back as text; ids stay far below 2^53.
  return Number(row!.id);
}

/** The operation a pointer move belongs to. */
export async function pointerMoveOperation(db: Queryable, id: number): Promise<string | undefined> {
  const row = await firstRow<{ operation_id: string }>(
    db,
    "SELECT operation_id FROM pointer_moves WHERE id = $1",
    [id],
  );
  return row?.operation_id;
}

/** Settles a move within the caller's transaction. */
export async function settlePointerMove(
  client: PoolClient,
  id: number,
  outcome: PointerOutcome,
): Promise<void> {
  // Locked: a recovery by another instance may be settling the same move.
  const row = await firstRow<{ stack: string; service: ServiceName; state: string }>(
    client,
    "SELECT stack, service, state FROM pointer_moves WHERE id = $1 FOR UPDATE",
    [id],
  );
  if (!row) throw new RangeError(`no pointer move ${id}`);
  if (row.state !== "open") return;
  await client.query("UPDATE pointer_moves SET state = $1, settled_at = $2 WHERE id = $3", [
    outcome.moved ? "moved" : "not_moved",
    now(),
    id,
  ]);
  if (!outcome.moved) return;
  const live = await readLive(client, row.stack, true);
  // A stack's first deploy has no live state yet; its release creates it.
  if (live) {
    live.services[row.service] = outcome.live;
    live.updatedAt = now();
    await writeLive(client, live);
  }
  if (outcome.bad) {
    const { tag, at, by, reason, operationId } = outcome.bad;
    await client.query(
      `INSERT INTO bad_releases (stack, tag, service, marked_at, marked_by, reason, operation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [row.stack, tag, row.service, at, by, reason, operationId],
    );
  }
}

export async function pointerMoves(db: Queryable, operationId: string): Promise<PointerIntent[]> {
  const found = await rows<PointerMoveRow>(
    db,
    "SELECT * FROM pointer_moves WHERE operation_id = $1 ORDER BY id",
    [operationId],
  );
  return found.map(toPointerIntent);
}

export async function badReleases(db: Queryable, stack: string): Promise<BadRelease[]> {
  const found = await rows<BadReleaseRow>(
    db,
    "SELECT * FROM bad_releases WHERE stack = $1 ORDER BY tag, service",
    [stack],
  );
  return found.map(toBadRelease);
}

export async function saveLiveCheck(
  pool: Pool,
  stack: string,
  check: LiveCheck,
  corrected: LiveState["services"],
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const live = await readLive(client, stack, true);
    if (!live) return;
    await writeLive(client, { ...live, services: corrected, lastCheck: check, updatedAt: now() });
  });
}
