import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pool } from "pg";

const migrationsDir = join(__dirname, "migrations-postgres");

/**
 * The advisory lock migrations run under: a key of this program's own, the same in
 * every instance. Session-level, so it spans the transactions of several files.
 */
const migrationLock = 0x666c6967_6874; // "flight"

/**
 * Applies the SQL files of migrations-postgres/ not applied yet, in name order, each in
 * a transaction of its own with its schema_migrations row. All of it runs under one
 * advisory lock: instances starting together take turns, and the later ones find the
 * schema done. Returns the names applied by this call.
 */
export async function migratePostgres(pool: Pool): Promise<string[]> {
  const names = readdirSync(migrationsDir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // Waiting for another instance's migrations may rightly take longer than a statement.
    await client.query("SET statement_timeout = 0");
    await client.query("SELECT pg_advisory_lock($1)", [migrationLock]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const done = await client.query<{ name: string }>("SELECT name FROM schema_migrations");
    const applied = new Set(done.rows.map((row) => row.name));
    const now: string[] = [];
    for (const name of names.filter((name) => !applied.has(name))) {
      await client.query("BEGIN");
      try {
        await client.query(readFileSync(join(migrationsDir, name), "utf8"));
        await client.query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)", [
          name,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`journal migration ${name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      now.push(name);
    }
    await client.query("SELECT pg_advisory_unlock($1)", [migrationLock]);
    await client.query("RESET statement_timeout");
    return now;
  } catch (error) {
    // Closing the connection frees the advisory lock, whatever state it was left in.
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
