import { PipelineError } from "../domain/operation-error";

/**
 * What a commit's .npmrc may set: how npm resolves and installs, never where it fetches
 * from, which credentials it sends, or what it runs. Anything else is refused by name.
 */
const allowedKeys = new Set([
  "legacy-peer-deps",
  "strict-peer-deps",
  "engine-strict",
  "save-exact",
  "save-prefix",
  "fund",
  "audit",
  "loglevel",
  "progress",
  "omit",
  "include",
  "install-links",
  "package-lock",
  "lockfile-version",
  "prefer-dedupe",
  "update-notifier",
  // The server passes --strict-allow-scripts itself, which a false here cannot undo.
  "strict-allow-scripts",
]);

/** Refuses a .npmrc that would point npm at another registry, carry auth, or set anything else. */
export function checkNpmrc(text: string): void {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const key = line.split("=")[0]!.trim();
    if (!allowedKeys.has(key))
      throw new PipelineError(
        "npmrc_refused",
        `the commit's .npmrc sets "${key.slice(0, 80)}": a released commit may set only ${[...allowedKeys].join(", ")}; registries and credentials are the server's`,
        { key: key.slice(0, 80) },
      );
  }
}
