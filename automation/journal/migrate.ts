import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "better-sqlite3";

const migrationsDir = join(__dirname, "migrations");

/**
 * Applies the SQL files of migrations/ not applied yet, in name order, each in its own
 * immediate transaction with its schema_migrations row. Whether a file is applied is
 * decided inside that transaction, so two processes opening a new file at once apply
 * each migration exactly once. Returns the names applied by this call.
 */
export function migrate(db: Database): string[] {
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
  );
  const isApplied = db.prepare("SELECT 1 FROM schema_migrations WHERE name = ?");
  const record = db.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)");
  const names = readdirSync(migrationsDir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  const applied: string[] = [];
  for (const name of names) {
    db.transaction(() => {
      if (isApplied.get(name)) return;
      db.exec(readFileSync(join(migrationsDir, name), "utf8"));
      record.run(name, new Date().toISOString());
      applied.push(name);
    }).immediate();
  }
  return applied;
}
