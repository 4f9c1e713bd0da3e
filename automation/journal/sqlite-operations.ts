import { randomUUID } from "node:crypto";
import type { Database } from "better-sqlite3";
import type {
  NewOperation,
  Operation,
  OperationFilter,
  OperationPage,
  OperationPatch,
  StepStatus,
} from "./journal";
import { encodeCursor, listQuery } from "./list-query";
import {
  operationColumns,
  operationRow,
  patchColumns,
  toOperation,
  type StepRow,
} from "./operation-row";
import { prepared } from "./sqlite-statements";

/** The SQLite side of operations: their rows, their steps, and pages of the listing. */

const now = () => new Date().toISOString();

/** Inserts a running operation owned by `instanceId`; answers its id. */
export function insertOperation(db: Database, instanceId: string, input: NewOperation): string {
  const id = randomUUID();
  db.prepare(
    `INSERT INTO operations
       (id, stack, kind, status, requested_by, request, created_at, owner, heartbeat_at)
     VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.stack,
    input.kind,
    input.requestedBy,
    JSON.stringify(input.request),
    now(),
    instanceId,
    now(),
  );
  return id;
}

export function readOperation(db: Database, id: string): Operation | undefined {
  const values = prepared(db, `SELECT ${operationColumns} FROM operations WHERE id = ?`)
    .raw()
    .get(id) as unknown[] | undefined;
  return values && toOperation(operationRow(values), steps(db, id));
}

/** Writes the fields the patch has, and only those. */
export function patchOperation(db: Database, id: string, patch: OperationPatch): void {
  const columns = patchColumns(patch);
  const names = Object.keys(columns);
  if (names.length === 0) return;
  db.prepare(
    `UPDATE operations SET ${names.map((name) => `${name} = @${name}`).join(", ")} WHERE id = @id`,
  ).run({ ...columns, id });
}

export function listOperations(db: Database, filter: OperationFilter): OperationPage {
  const { sql, params } = listQuery(filter);
  const rows = (prepared(db, sql).raw().all(params) as unknown[][]).map(operationRow);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  const steps = stepsOf(
    db,
    page.map((row) => row.id),
  );
  return {
    items: page.map((row) => toOperation(row, steps.get(row.id) ?? [])),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : undefined,
  };
}

export function startStep(db: Database, id: string, name: string): void {
  db.prepare(
    `INSERT INTO steps (operation_id, position, name, status, started_at)
     VALUES (?, (SELECT COUNT(*) FROM steps WHERE operation_id = ?), ?, 'running', ?)`,
  ).run(id, id, name, now());
}

/** Settles the latest step of that name. */
export function finishStep(
  db: Database,
  id: string,
  name: string,
  status: StepStatus,
  detail?: Record<string, unknown>,
): void {
  db.prepare(
    `UPDATE steps SET status = ?, finished_at = ?, detail = ?
     WHERE operation_id = ? AND position =
       (SELECT MAX(position) FROM steps WHERE operation_id = ? AND name = ?)`,
  ).run(status, now(), detail === undefined ? null : JSON.stringify(detail), id, id, name);
}

function steps(db: Database, id: string): StepRow[] {
  return prepared(
    db,
    "SELECT name, status, started_at, finished_at, detail FROM steps WHERE operation_id = ? ORDER BY position",
  ).all(id) as StepRow[];
}

type StepValues = [
  StepRow["name"],
  StepRow["status"],
  StepRow["started_at"],
  StepRow["finished_at"],
  StepRow["detail"],
];

/**
 * The steps of many operations in one query, for a page of the listing. The ids go in as
 * one JSON array, so that one statement serves pages of any size.
 */
function stepsOf(db: Database, ids: string[]): Map<string, StepRow[]> {
  const byOperation = new Map<string, StepRow[]>();
  if (ids.length === 0) return byOperation;
  const rows = prepared(
    db,
    `SELECT operation_id, name, status, started_at, finished_at, detail FROM steps
     WHERE operation_id IN (SELECT value FROM json_each(?)) ORDER BY operation_id, position`,
  )
    .raw()
    .all(JSON.stringify(ids)) as Array<[string, ...StepValues]>;
  for (const [operationId, name, status, started_at, finished_at, detail] of rows) {
    let ofOperation = byOperation.get(operationId);
    if (!ofOperation) byOperation.set(operationId, (ofOperation = []));
    ofOperation.push({ name, status, started_at, finished_at, detail });
  }
  return byOperation;
}
