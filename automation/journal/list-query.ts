import type { OperationFilter } from "./journal";

/** An opaque keyset cursor: the (created_at, id) of the last row of a page. */
export function encodeCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString()) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) {
      return value as [string, string];
    }
  } catch {
    // Reported below as the caller's mistake.
  }
  throw new RangeError("cursor is not one this server handed out");
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
  const sql = `SELECT * FROM operations ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY created_at DESC, id DESC LIMIT @limit`;
  return { sql, params };
}
