import type { Database } from "better-sqlite3";
import type { OperationFilter, OperationPage } from "./journal";
import { prepared } from "./sqlite-statements";

/** Pages kept at most: the first pages clients poll, and a few cursors deep. */
const defaultCapacity = 64;

/** Freezes a page and all it holds: a cached page is shared by every later answer. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Listing pages, kept until the database changes. Dashboards and scripts poll the same
 * few pages far more often than operations change, and a page read again while nothing
 * was written is the same page. Whether anything was written is asked of SQLite on each
 * read: `total_changes()` counts every row this connection wrote, `data_version` moves
 * when another connection (another process on the same file) commits. Any change to any
 * table drops every page, so no write can be missed, whichever method made it.
 */
export class ListingCache {
  private readonly pages = new Map<string, OperationPage>();
  private changes: unknown;
  private version: unknown;

  constructor(
    private readonly db: Database,
    private readonly capacity = defaultCapacity,
  ) {}

  page(filter: OperationFilter, read: () => OperationPage): OperationPage {
    this.forgetIfChanged();
    const key = JSON.stringify(filter);
    const cached = this.pages.get(key);
    if (cached) return cached;
    const page = deepFreeze(read());
    if (this.pages.size >= this.capacity) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, page);
    return page;
  }

  private forgetIfChanged(): void {
    // Two statements: the pragma alone costs half what a query of pragma_data_version does.
    const changes = prepared(this.db, "SELECT total_changes()").pluck().get();
    const version = prepared(this.db, "PRAGMA data_version").pluck().get();
    if (changes !== this.changes || version !== this.version) {
      this.pages.clear();
      this.changes = changes;
      this.version = version;
    }
  }
}
