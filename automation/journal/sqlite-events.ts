import type { Database } from "better-sqlite3";
import { eventData, toEvent, type EventRow } from "./event-row";
import { EngineEventBound, EngineEventFold } from "./folded-engine-events";
import type { NewEvent, OperationEvent } from "./journal";
import { prepared } from "./sqlite-statements";

/**
 * The SQLite side of operation events: appending with the next seq, reading them in
 * pages, and keeping an operation's engine events within their bound.
 */

/** Appends events under the operation's next seqs, in one transaction. */
export function appendEvents(
  db: Database,
  bound: EngineEventBound,
  id: string,
  events: readonly NewEvent[],
): OperationEvent[] {
  const at = new Date().toISOString();
  return db.transaction(() =>
    events.map(({ type, data }) => {
      // Compiled once: a deploy appends an event for every engine event while `up` runs.
      const { seq } = prepared(
        db,
        `INSERT INTO events (operation_id, seq, at, type, data)
         VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE operation_id = ?), ?, ?, ?)
         RETURNING seq`,
      ).get(id, id, at, type, JSON.stringify(data)) as { seq: number };
      if (bound.due(seq)) foldOldEngineEvents(db, id, bound.keep);
      return { operationId: id, seq, at, type, data };
    }),
  )();
}

export function appendEvent(
  db: Database,
  bound: EngineEventBound,
  id: string,
  type: OperationEvent["type"],
  data: Record<string, unknown>,
): OperationEvent {
  const [event] = appendEvents(db, bound, id, [{ type, data }]);
  return event!;
}

/**
 * Replaces the oldest engine events of an operation with one summary, so that `keep`
 * remain. The summary takes the seq of the newest event it folds: seqs are never reused
 * and never move, so a client resuming after any seq, folded or not, gets everything
 * after it. The newest event is never folded, so the next seq stays above all others.
 */
function foldOldEngineEvents(db: Database, id: string, keep: number): void {
  const { count } = db
    .prepare("SELECT COUNT(*) AS count FROM events WHERE operation_id = ? AND type = 'engine'")
    .get(id) as { count: number };
  if (count <= keep) return;
  const fold = new EngineEventFold();
  let at = "";
  const oldest = db
    .prepare(
      `SELECT seq, at, type, data FROM events WHERE operation_id = ? AND type = 'engine'
       ORDER BY seq LIMIT ?`,
    )
    .iterate(id, count - keep + 1) as IterableIterator<EventRow>;
  for (const row of oldest) {
    fold.add(row.seq, eventData(row));
    at = row.at;
  }
  db.prepare("DELETE FROM events WHERE operation_id = ? AND type = 'engine' AND seq <= ?").run(
    id,
    fold.seq,
  );
  db.prepare(
    "INSERT INTO events (operation_id, seq, at, type, data) VALUES (?, ?, ?, 'engine', ?)",
  ).run(id, fold.seq, at, JSON.stringify(fold.data()));
}

export function listEvents(
  db: Database,
  id: string,
  afterSeq: number,
  limit?: number,
): OperationEvent[] {
  const rows = db
    .prepare(
      `SELECT seq, at, type, data FROM events WHERE operation_id = ? AND seq > ?
       ORDER BY seq LIMIT ?`,
    )
    // SQLite reads a negative LIMIT as none.
    .all(id, afterSeq, limit ?? -1) as EventRow[];
  return rows.map((row) => toEvent(id, row));
}

export function latestEvent(db: Database, id: string): OperationEvent | undefined {
  const row = db
    .prepare(
      "SELECT seq, at, type, data FROM events WHERE operation_id = ? ORDER BY seq DESC LIMIT 1",
    )
    .get(id) as EventRow | undefined;
  return row && toEvent(id, row);
}
