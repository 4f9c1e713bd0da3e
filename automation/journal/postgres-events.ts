import type { PoolClient } from "pg";
import { eventData, toEvent, type EventRow } from "./event-row";
import { EngineEventBound, EngineEventFold } from "./folded-engine-events";
import type { OperationEvent } from "./journal";
import { firstRow, rows, type Queryable } from "./postgres-db";

/**
 * The PostgreSQL side of operation events: appending with the next seq (and telling
 * every instance), reading them in pages, keeping engine events within their bound.
 */

/** The channel each committed event is announced on, as `<operationId>:<seq>`. */
export const eventsChannel = "flightdeck_events";

/**
 * Appends an event, within the caller's transaction. The seq comes from the operation's
 * row, whose update also makes appends to one operation from several instances take
 * turns. The notification is sent by the same transaction, so PostgreSQL delivers it
 * only once the event is committed, and never for one rolled back.
 */
export async function appendEvent(
  client: PoolClient,
  bound: EngineEventBound,
  id: string,
  type: OperationEvent["type"],
  data: Record<string, unknown>,
): Promise<OperationEvent> {
  const at = new Date().toISOString();
  const row = await firstRow<{ seq: number }>(
    client,
    `WITH next AS (
       UPDATE operations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq
     ), event AS (
       INSERT INTO events (operation_id, seq, at, type, data)
       SELECT $1, last_seq, $2, $3, $4 FROM next RETURNING seq
     )
     SELECT seq, pg_notify('${eventsChannel}', $1 || ':' || seq) FROM event`,
    [id, at, type, JSON.stringify(data)],
  );
  if (!row) throw new RangeError(`no operation ${id}`);
  if (bound.due(row.seq)) await foldOldEngineEvents(client, id, bound.keep);
  return { operationId: id, seq: row.seq, at, type, data };
}

/**
 * Replaces the oldest engine events of an operation with one summary, so that `keep`
 * remain, exactly as the SQLite journal does (see sqlite-events.ts): the summary takes
 * the seq of the newest event it folds, and the newest event is never folded.
 */
async function foldOldEngineEvents(client: PoolClient, id: string, keep: number): Promise<void> {
  const counted = await firstRow<{ count: number }>(
    client,
    "SELECT COUNT(*)::int AS count FROM events WHERE operation_id = $1 AND type = 'engine'",
    [id],
  );
  const count = counted?.count ?? 0;
  if (count <= keep) return;
  const oldest = await rows<EventRow>(
    client,
    `SELECT seq, at, type, data FROM events WHERE operation_id = $1 AND type = 'engine'
     ORDER BY seq LIMIT $2`,
    [id, count - keep + 1],
  );
  const fold = new EngineEventFold();
  for (const row of oldest) fold.add(row.seq, eventData(row));
  await client.query(
    "DELETE FROM events WHERE operation_id = $1 AND type = 'engine' AND seq <= $2",
    [id, fold.seq],
  );
  await client.query(
    "INSERT INTO events (operation_id, seq, at, type, data) VALUES ($1, $2, $3, 'engine', $4)",
    [id, fold.seq, oldest.at(-1)!.at, JSON.stringify(fold.data())],
  );
}

export async function listEvents(
  db: Queryable,
  id: string,
  afterSeq: number,
  limit?: number,
): Promise<OperationEvent[]> {
  const found = await rows<EventRow>(
    db,
    // LIMIT NULL is no limit.
    `SELECT seq, at, type, data FROM events WHERE operation_id = $1 AND seq > $2
     ORDER BY seq LIMIT $3`,
    [id, afterSeq, limit ?? null],
  );
  return found.map((row) => toEvent(id, row));
}

export async function latestEvent(db: Queryable, id: string): Promise<OperationEvent | undefined> {
  const row = await firstRow<EventRow>(
    db,
    "SELECT seq, at, type, data FROM events WHERE operation_id = $1 ORDER BY seq DESC LIMIT 1",
    [id],
  );
  return row && toEvent(id, row);
}
