import type { Journal } from "./journal";
import { PostgresJournal } from "./postgres-journal";
import { SqliteJournal } from "./sqlite-journal";

/** Where the journal is and what it keeps: the server's settings of it (config.ts reads them). */
export interface JournalConfig {
  /** The SQLite journal's file; unused when journalUrl is set. */
  journalPath: string;
  /**
   * A PostgreSQL journal, shared by several server instances: FLIGHTDECK_JOURNAL as a
   * postgres:// or postgresql:// URL. Its password is in the secret mask.
   */
  journalUrl?: string;
  /** Engine events an operation keeps; older ones are folded into one summary event. */
  engineEventsPerOperation: number;
}

export interface OpenJournalOptions {
  /** This instance as the owner of the operations it begins; a new one when not given. */
  instanceId?: string;
}

/**
 * Where the journal is, for a log line or an error: the PostgreSQL server and database
 * without user or password, or the SQLite file.
 */
export function describeJournal(config: JournalConfig): string {
  if (!config.journalUrl) return `SQLite at ${config.journalPath}`;
  const url = new URL(config.journalUrl);
  const host = url.host || url.searchParams.get("host") || "";
  return `PostgreSQL at ${host}${url.pathname}`;
}

/**
 * Opens the configured journal: PostgreSQL when FLIGHTDECK_JOURNAL is a postgres:// URL
 * (its schema brought up to date first), the SQLite file otherwise.
 */
export async function openJournal(
  config: JournalConfig,
  options: OpenJournalOptions = {},
): Promise<Journal> {
  const settings = { engineEventsPerOperation: config.engineEventsPerOperation };
  if (!config.journalUrl)
    return new SqliteJournal(config.journalPath, options.instanceId, settings);
  try {
    return await PostgresJournal.open(config.journalUrl, options.instanceId, settings);
  } catch (error) {
    // node-postgres's messages name the host, user or database at most, never the password.
    throw new Error(
      `the journal (${describeJournal(config)}) could not be opened: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
