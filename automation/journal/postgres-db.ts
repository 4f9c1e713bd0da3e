import { Pool, TypeOverrides, types, type PoolClient, type QueryResultRow } from "pg";

/**
 * The PostgreSQL journal's connection plumbing: the pool, one transaction on one
 * connection, and queries that answer rows.
 */

/** A pool, or the connection of a transaction under way. */
export type Queryable = Pool | PoolClient;

/**
 * json columns come back as their text, as SQLite's TEXT columns do: the row mappers are
 * shared with the SQLite journal, and they parse it themselves.
 */
function jsonAsText(): TypeOverrides {
  const overrides = new TypeOverrides();
  overrides.setTypeParser(types.builtins.JSON, (value: string) => value);
  return overrides;
}

/**
 * Bounds on every connection: a database that does not answer, a statement that hangs
 * or a transaction left open (a process paused mid-way) fail or are ended by the
 * server within seconds, instead of holding a connection, and the rows it locked, for
 * good. The lease is what decides ownership, so none of them needs to run longer.
 */
export const connectionLimits = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 30_000,
};

export function createPool(url: string, max: number, name = "flightdeck"): Pool {
  const pool = new Pool({
    connectionString: url,
    max,
    types: jsonAsText(),
    application_name: name,
    ...connectionLimits,
  });
  // An idle connection the server closed (a restart, a failover) is dropped by the pool
  // and replaced at the next query; unhandled, its error would end the process.
  pool.on("error", () => undefined);
  return pool;
}

export async function rows<T extends QueryResultRow>(
  db: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

export async function firstRow<T extends QueryResultRow>(
  db: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled
 * back when it throws. A connection that could not even roll back is not reused.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}
