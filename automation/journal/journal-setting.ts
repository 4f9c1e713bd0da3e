import { join } from "node:path";
import { absolutePath } from "../fs/absolute-path";
import type { SecretMask } from "../secrets/secret-mask";

type Env = Record<string, string | undefined>;

const postgresSchemes = ["postgres:", "postgresql:"];
const journalExample = "postgres://flightdeck:password@db.internal:5432/flightdeck";
// A password's @ or / read as the URL's own is the likeliest way to get one wrong.
const encodingHint = " (in the user and password, @ : / % must be percent-encoded)";

/**
 * FLIGHTDECK_JOURNAL: a file path for SQLite (the default, under the data directory),
 * or a PostgreSQL URL. A URL may hold a password: errors name the variable and what is
 * wrong, never the value, and the value joins the secret mask.
 */
export function journalSetting(
  env: Env,
  dataDir: string,
  mask: SecretMask,
): { journalPath: string; journalUrl?: string } {
  const raw = env.FLIGHTDECK_JOURNAL;
  const journalPath = join(dataDir, "journal.sqlite");
  if (!raw) return { journalPath };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw)?.[1];
  if (scheme === undefined) return { journalPath: absolutePath(raw) };
  if (!postgresSchemes.includes(`${scheme.toLowerCase()}:`)) {
    throw new Error(
      `FLIGHTDECK_JOURNAL must be a SQLite file path or a postgres:// URL such as ${journalExample}; ${scheme}:// is neither`,
    );
  }
  let url: URL;
  let database: string;
  try {
    url = new URL(raw);
    database = decodeURIComponent(url.pathname.slice(1));
    if (url.password) mask.add(decodeURIComponent(url.password));
  } catch {
    throw new Error(
      `FLIGHTDECK_JOURNAL is not a well-formed URL: it should read like ${journalExample}${encodingHint}`,
    );
  }
  mask.add(raw);
  // A socket folder may stand for the host: postgres:///flightdeck?host=/run/postgresql.
  if (!url.hostname && !url.searchParams.get("host")) {
    throw new Error(
      `FLIGHTDECK_JOURNAL must name the database server's host, as in ${journalExample}`,
    );
  }
  if (!database || database.includes("/")) {
    throw new Error(
      `FLIGHTDECK_JOURNAL must name one database after the host, as in ${journalExample}${encodingHint}`,
    );
  }
  return { journalPath, journalUrl: raw };
}
