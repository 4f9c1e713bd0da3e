import { existsSync, readdirSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { findOnPath } from "./pulumi-cli";
import { run, runOrThrow } from "./run";

/**
 * Where Debian keeps each major version's server programs (postgresql-common's layout):
 * off PATH, so that several versions can be installed side by side.
 */
const debianVersionsDir = join("/usr", "lib", "postgresql");

const hasServer = (dir: string) =>
  existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres"));

/**
 * The folder with initdb and postgres, found when asked rather than written down: an
 * explicit FLIGHTDECK_POSTGRES_BIN, else initdb on PATH (other distributions, a build of
 * one's own), else the newest major version Debian's packages installed.
 */
export function postgresBinDir(): string | undefined {
  const explicit = process.env.FLIGHTDECK_POSTGRES_BIN;
  if (explicit) return hasServer(explicit) ? explicit : undefined;
  const onPath = findOnPath("initdb", "");
  // A symlink on PATH points into the version's folder, where postgres sits beside it.
  if (onPath && hasServer(dirname(realpathSync(onPath)))) return dirname(realpathSync(onPath));
  if (!existsSync(debianVersionsDir)) return undefined;
  const versions = readdirSync(debianVersionsDir)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(debianVersionsDir, v, "bin")).find(hasServer);
}

/**
 * The system account test clusters run as when the tests run as root: PostgreSQL refuses
 * to start as root, and an account of its own owns nothing else on the machine (unlike
 * `nobody`, shared by whatever else drops privileges).
 */
export const postgresAccountName = "flightdeck-pg";

export interface PostgresAccount {
  name: string;
  uid: number;
  gid: number;
}

export function postgresAccount(): PostgresAccount | undefined {
  const uid = run("id", ["-u", postgresAccountName]);
  const gid = run("id", ["-g", postgresAccountName]);
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { name: postgresAccountName, uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/**
 * Creates the account when running as root and it is missing; nothing to do otherwise,
 * as a user who is not root runs the server as themselves.
 */
export function ensurePostgresAccount(): { created: boolean } {
  if (process.getuid?.() !== 0 || postgresAccount()) return { created: false };
  runOrThrow("useradd", [
    "--system",
    "--user-group",
    "--no-create-home",
    "--home-dir",
    "/nonexistent",
    "--shell",
    "/usr/sbin/nologin",
    postgresAccountName,
  ]);
  return { created: true };
}
