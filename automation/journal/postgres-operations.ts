import { randomUUID } from "node:crypto";
import type {
  NewOperation,
  Operation,
  OperationFilter,
  OperationPage,
  OperationPatch,
} from "./journal";
import { decodeCursor, encodeCursor } from "./list-query";
import { patchColumns, toOperation, type OperationRow, type StepRow } from "./operation-row";
import { firstRow, rows, type Queryable } from "./postgres-db";
import { databaseNow } from "./postgres-leases";

/**
 * The PostgreSQL side of operations: inserting, patching and reading them with their
 * steps, one query per read, and the listing's keyset pages.
 */

const now = () => new Date().toISOString();

/** An operations row with its steps as a JSON array (text, as json columns are read). */
type PostgresOperationRow = Omit<OperationRow, "rolled_back"> & {
  rolled_back: boolean;
  steps: string;
};

/**
 * An operation and its steps in one statement, so both come from one snapshot. A step's
 * detail stays JSON text inside the array, as the shared row mapper expects.
 */
const operationColumns = `o.*, COALESCE((
    SELECT json_agg(json_build_object(
      'name', s.name, 'status', s.status, 'started_at', s.started_at,
      'finished_at', s.finished_at, 'detail', s.detail::text) ORDER BY s.position)
    FROM steps s WHERE s.operation_id = o.id), '[]') AS steps`;

const toPostgresOperation = (row: PostgresOperationRow): Operation =>
  toOperation({ ...row, rolled_back: row.rolled_back ? 1 : 0 }, JSON.parse(row.steps) as StepRow[]);

export async function insertOperation(
  db: Queryable,
  instanceId: string,
  input: NewOperation,
  id: string = randomUUID(),
  at: string = now(),
): Promise<Operation> {
  const row = await firstRow<PostgresOperationRow>(
    db,
    `INSERT INTO operations
       (id, stack, kind, status, requested_by, request, created_at, owner, heartbeat_at)
     VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, ${databaseNow})
     RETURNING *, '[]' AS steps`,
    [id, input.stack, input.kind, input.requestedBy, JSON.stringify(input.request), at, instanceId],
  );
  return toPostgresOperation(row!);
}

export async function getOperation(db: Queryable, id: string): Promise<Operation | undefined> {
  const row = await firstRow<PostgresOperationRow>(
    db,
    `SELECT ${operationColumns} FROM operations o WHERE o.id = $1`,
    [id],
  );
  return row && toPostgresOperation(row);
}

/**
 * Writes a patch. With `ownedBy`, only while that instance runs the operation (at
 * `epoch`, when given): answers whether a row was written.
 */
export async function patchOperation(
  db: Queryable,
  id: string,
  patch: OperationPatch,
  ownedBy?: string,
  epoch?: number,
): Promise<boolean> {
  const columns = Object.entries(patchColumns(patch)).map(([name, value]) =>
    name === "rolled_back" ? ([name, value === 1] as const) : ([name, value] as const),
  );
  if (columns.length === 0 && ownedBy === undefined) return true;
  const params: unknown[] = [id, ...columns.map(([, value]) => value)];
  // The column names come from patchColumns, never from the caller.
  const sets = columns.map(([name], i) => `${name} = $${i + 2}`);
  let where = "id = $1";
  if (ownedBy !== undefined) {
    params.push(ownedBy);
    where += ` AND status = 'running' AND owner = $${params.length}`;
    if (epoch !== undefined) where += ` AND epoch = $${params.push(epoch)}`;
  }
  const result = await db.query(
    `UPDATE operations SET ${sets.length ? sets.join(", ") : "id = id"} WHERE ${where}`,
    params,
  );
  return result.rowCount === 1;
}

export async function updateOperation(
  db: Queryable,
  id: string,
  patch: OperationPatch,
): Promise<Operation> {
  await patchOperation(db, id, patch);
  const operation = await getOperation(db, id);
  if (!operation) throw new RangeError(`no operation ${id}`);
  return operation;
}

export async function startStep(db: Queryable, id: string, name: string): Promise<void> {
  await db.query(
    `INSERT INTO steps (operation_id, position, name, status, started_at)
     VALUES ($1, (SELECT COUNT(*) FROM steps WHERE operation_id = $1), $2, 'running', $3)`,
    [id, name, now()],
  );
}

export async function finishStep(
  db: Queryable,
  id: string,
  name: string,
  status: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await db.query(
    `UPDATE steps SET status = $1, finished_at = $2, detail = $3
     WHERE operation_id = $4 AND position =
       (SELECT MAX(position) FROM steps WHERE operation_id = $4 AND name = $5)`,
    [status, now(), detail === undefined ? null : JSON.stringify(detail), id, name],
  );
}

/**
 * One page of the listing, newest first, as list-query.ts pages SQLite: keyset paging on
 * (created_at, id), which the indexes of migrations-postgres/001 keep in that order, and
 * one row more than the page to know whether another follows.
 */
export function listQuery(filter: OperationFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  for (const key of ["stack", "status", "kind"] as const) {
    const value = filter[key];
    if (value !== undefined) where.push(`o.${key} = ${param(value)}`);
  }
  if (filter.cursor) {
    const [createdAt, id] = decodeCursor(filter.cursor);
    where.push(`(o.created_at, o.id) < (${param(createdAt)}, ${param(id)})`);
  }
  const sql = `SELECT ${operationColumns} FROM operations o
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY o.created_at DESC, o.id DESC LIMIT ${param(filter.limit + 1)}`;
  return { sql, params };
}

export async function listOperations(
  db: Queryable,
  filter: OperationFilter,
): Promise<OperationPage> {
  const { sql, params } = listQuery(filter);
  const found = await rows<PostgresOperationRow>(db, sql, params);
  const page = found.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toPostgresOperation),
    nextCursor: found.length > filter.limit && last ? encodeCursor(last) : undefined,
  };
}
