import type { Database, Statement } from "better-sqlite3";

const byDatabase = new WeakMap<Database, Map<string, Statement>>();

/**
 * The statement for `sql`, compiled once per connection: compiling costs more than
 * running a short query (a listing page compiled twice per request spent a third of its
 * time there). Only for SQL drawn from a bounded set of texts (no values in it), as every
 * text stays compiled for as long as the connection is open.
 */
export function prepared(db: Database, sql: string): Statement {
  let statements = byDatabase.get(db);
  if (!statements) byDatabase.set(db, (statements = new Map<string, Statement>()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}
