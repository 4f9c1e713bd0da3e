import type { OperationFilter } from "./journal";
import { operationColumns } from "./operation-row";

/**
 * A keyset cursor, `<createdAt>_<id>` of the last row of a page. Any such pair is a valid
 * position (the page after it), so a cursor is checked by its form, not by memory of
 * having handed it out.
 */
export const cursorPattern =
  "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

export function encodeCursor(row: { created_at: string; id: string }): string {
  return `${row.created_at}_${row.id}`;
}

export function decodeCursor(cursor: string): [string, string] {
  if (!new RegExp(cursorPattern).test(cursor)) {
    throw new RangeError("cursor must be the nextCursor of a page: <createdAt>_<id>");
  }
  const split = cursor.indexOf("_");
  return [cursor.slice(0, split), cursor.slice(split + 1)];
}

/**
 * One page of the listing, newest first. Keyset paging on (created_at, id) keeps every
 * page an index range scan (migrations/001 indexes each filter with that order), however
 * deep the page; it asks for one row more than the page to know whether another follows.
 */
export function listQuery(filter: OperationFilter): {
  sql: string;
  params: Record<string, string | number>;
} {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: filter.limit + 1 };
  for (const key of ["stack", "status", "kind"] as const) {
    const value = filter[key];
    if (value !== undefined) {
      where.push(`${key} = @${key}`);
      params[key] = value;
    }
  }
  if (filter.cursor) {
    const [createdAt, id] = decodeCursor(filter.cursor);
    where.push("(created_at, id) < (@createdAt, @id)");
    Object.assign(params, { createdAt, id });
  }
  const sql = `SELECT ${operationColumns} FROM operations ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY created_at DESC, id DESC LIMIT @limit`;
  return { sql, params };
}
