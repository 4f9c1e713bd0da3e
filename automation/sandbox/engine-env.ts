import { readFileSync } from "node:fs";
import { sandboxHome } from "./sandbox-spec";

/** What the engine needs of the environment: cloud credentials and region, locale, certificates. */
const allowedNames = new Set([
  "LANG",
  "LANGUAGE",
  "TZ",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "https_proxy",
  "http_proxy",
  "no_proxy",
]);
const allowedPrefixes = ["AWS_", "PULUMI_", "LC_"];
/** The sandbox has its own: these would name the server's files. */
const replaced = new Set([
  "PULUMI_HOME",
  "PULUMI_CONFIG_PASSPHRASE_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE",
]);

/**
 * The engine's environment inside the sandbox: of the server's own environment the
 * allow-list above, and everything the server gives the engine explicitly (its workspace
 * variables), but never a FLIGHTDECK_* setting. A passphrase file (which the sandbox cannot
 * read) becomes its value, so only this stack's passphrase goes in.
 */
export function engineEnvironment(
  serverEnv: Record<string, string | undefined>,
  workspaceEnv: Record<string, string>,
  toolchainBin: string,
): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(serverEnv)) {
    if (value === undefined || replaced.has(name)) continue;
    if (allowedNames.has(name) || allowedPrefixes.some((prefix) => name.startsWith(prefix)))
      passed[name] = value;
  }
  for (const [name, value] of Object.entries(workspaceEnv))
    if (!replaced.has(name) && !name.startsWith("FLIGHTDECK_")) passed[name] = value;
  const env = { ...serverEnv, ...workspaceEnv };
  const passphraseFile = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (passphraseFile && env.PULUMI_CONFIG_PASSPHRASE === undefined)
    passed.PULUMI_CONFIG_PASSPHRASE = readFileSync(passphraseFile, "utf8");
  return {
    ...passed,
    PATH: `${toolchainBin}:/usr/local/bin:/usr/bin:/bin`,
    PULUMI_HOME: `${sandboxHome}/.pulumi`,
    // Nothing may be fetched into a home that is gone when the run ends, or run from there.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API: "true",
  };
}
