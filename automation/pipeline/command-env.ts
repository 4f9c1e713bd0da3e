import type { CommandEnvironments, CommandEnvNames } from "../settings/command-steps";

/**
 * What check, backup and migrate commands need to find their tools, pick a locale and
 * write caches (npm, tsc, a test runner), and nothing that grants access: the server's
 * tokens, the engine's passphrase and its cloud credentials stay out of a commit's
 * scripts, whose output is journaled and streamed to every reader.
 */
const allowed = new Set([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TERM",
  "TMPDIR",
  "TMP",
  "TEMP",
  "CI",
  "NODE_OPTIONS",
  // Behind a TLS-intercepting proxy nothing reaches the registry without these.
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  // Where npm keeps its cache and reads its settings when the server itself runs under npm.
  "npm_config_cache",
  "npm_config_userconfig",
]);
const allowedPrefixes = ["LC_"];

/**
 * The environment commands run with: the allow-list, plus the names the operator adds
 * for the step (a migration's DATABASE_URL, say), taken from `env`.
 */
export function commandEnvironment(
  added: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const passed = (name: string) =>
    allowed.has(name) ||
    added.includes(name) ||
    allowedPrefixes.some((prefix) => name.startsWith(prefix));
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && passed(entry[0]),
    ),
  );
}

/** Each step's environment, from the same `env`: a check never gets what only migrate was given. */
export function commandEnvironments(
  names: CommandEnvNames,
  env: Record<string, string | undefined> = process.env,
): CommandEnvironments {
  return {
    checks: commandEnvironment(names.checks, env),
    backup: commandEnvironment(names.backup, env),
    migrate: commandEnvironment(names.migrate, env),
  };
}
