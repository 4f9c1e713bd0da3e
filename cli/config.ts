import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { refused } from "./exit-codes";
import { writePrivateFileAtomically } from "./private-file";
import { originOf, refuseInsecureTransport } from "./transport";

/** Where the server is and who we are to it: what every command (and `flightdeck mcp`) needs. */
export interface Connection {
  url: string;
  token: string;
}

type Env = Record<string, string | undefined>;

/** `$XDG_CONFIG_HOME/flightdeck/config.json`, or `~/.config/flightdeck/config.json`. */
export function configFilePath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "flightdeck", "config.json");
}

/** The saved connection, or nothing when `flightdeck login` never ran. */
export function readConfigFile(path = configFilePath()): Partial<Connection> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  // The file holds a bearer token: like ssh with a key, refuse one others may read.
  if ((statSync(path).mode & 0o077) !== 0) {
    throw refused(`${path} may be read by others; run: chmod 600 ${path}`, "config_unsafe");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refused(`${path} is not valid JSON; run flightdeck login to write it again`);
  }
  const { url, token } = (parsed ?? {}) as Record<string, unknown>;
  return {
    ...(typeof url === "string" ? { url } : {}),
    ...(typeof token === "string" ? { token } : {}),
  };
}

/** Writes the connection readable by its owner only (mode 0600, folder 0700), atomically. */
export function writeConfigFile(connection: Connection, path = configFilePath()): void {
  writePrivateFileAtomically(path, `${JSON.stringify(connection, null, 2)}\n`);
}

/** Accepts a base URL with or without a trailing slash; anything but http(s) is refused. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(`"${raw}" is not a URL (expected e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refused(`"${raw}" is not an http(s) URL`);
  }
  return url.toString().replace(/\/+$/, "");
}

/** What the user may loosen on the command line (`--insecure`). */
export interface ConnectionOptions {
  /** Allows plain http to a host off this machine. */
  insecure?: boolean;
}

/**
 * The saved token, only when it was saved for the server being talked to: a token
 * must never reach another server because FLIGHTDECK_URL now names it.
 */
function savedTokenFor(url: string, saved: Partial<Connection> | undefined): string | undefined {
  if (!saved?.token) return undefined;
  const savedOrigin = saved.url ? originOf(normalizeUrl(saved.url)) : undefined;
  if (savedOrigin === originOf(url)) return saved.token;
  throw refused(
    `the token flightdeck login saved is for ${savedOrigin ?? "no server"}, not ${originOf(url)}: set FLIGHTDECK_TOKEN to a token of ${originOf(url)}, or run flightdeck login --url ${url}`,
    "token_for_other_server",
  );
}

/**
 * The server and token: `FLIGHTDECK_URL` and `FLIGHTDECK_TOKEN` first, each on its own,
 * else what `flightdeck login` saved; the saved token only for the origin it was saved
 * for. Plain http is refused for hosts off this machine unless `insecure`. Exported for
 * every front door that needs the same answer (the CLI's commands, `flightdeck mcp`).
 */
export function resolveConnection(
  env: Env = process.env,
  options: ConnectionOptions = {},
): Connection {
  const saved =
    env.FLIGHTDECK_URL && env.FLIGHTDECK_TOKEN ? {} : readConfigFile(configFilePath(env));
  const rawUrl = env.FLIGHTDECK_URL || saved?.url;
  const url = rawUrl ? normalizeUrl(rawUrl) : undefined;
  const token = env.FLIGHTDECK_TOKEN || (url ? savedTokenFor(url, saved) : saved?.token);
  if (!url || !token) {
    const missing = [!url && "FLIGHTDECK_URL", !token && "FLIGHTDECK_TOKEN"].filter(Boolean);
    throw refused(
      `no ${missing.join(" or ")}: run flightdeck login, or set ${missing.join(" and ")}`,
      "not_configured",
    );
  }
  refuseInsecureTransport(url, options.insecure === true);
  return { url, token };
}
