import type { StackSettings } from "@pulumi/pulumi/automation";
import { mcpLiveSideConfig } from "../domain/mcp-blue-green-outputs";
import { serviceKeys, serviceNames } from "../domain/services";

/**
 * Per-service hashes and rollback pins, and mcp's live side: set by deploys, rollouts and
 * rollbacks, never committed.
 */
const serverKeys = new Set([
  ...serviceNames.flatMap((service) => [
    serviceKeys[service].hashConfig,
    serviceKeys[service].pinConfig,
  ]),
  mcpLiveSideConfig,
]);

const isSecure = (value: unknown): boolean =>
  typeof value === "object" && value !== null && "secure" in value;

/** Whether a stack setting belongs to the server rather than to the released commit. */
export function isServerOwned(key: string, value: unknown): boolean {
  return serverKeys.has(key) || isSecure(value);
}

/**
 * The settings a release runs with: what the commit says (names, region, domains), with
 * what the server owns laid over it: hashes, pins, mcp's live side, secrets and the secrets provider they
 * are encrypted with. A secret committed under another provider could not be decrypted
 * here, so it is dropped, and named.
 */
export function mergeStackSettings(
  committed: StackSettings,
  server: StackSettings,
): { settings: StackSettings; droppedSecrets: string[] } {
  // The SDK types values as `any`; they are copied as they are, never read.
  const entries = (settings: StackSettings): [string, unknown][] =>
    Object.entries(settings.config ?? {});
  const config: Record<string, unknown> = {};
  const droppedSecrets: string[] = [];
  for (const [key, value] of entries(committed)) {
    if (isSecure(value)) droppedSecrets.push(key);
    else config[key] = value;
  }
  for (const [key, value] of entries(server)) if (isServerOwned(key, value)) config[key] = value;
  const settings: StackSettings = { ...committed, config };
  delete settings.secretsProvider;
  delete settings.encryptedKey;
  delete settings.encryptionSalt;
  if (server.secretsProvider) settings.secretsProvider = server.secretsProvider;
  if (server.encryptedKey) settings.encryptedKey = server.encryptedKey;
  if (server.encryptionSalt) settings.encryptionSalt = server.encryptionSalt;
  return {
    settings,
    droppedSecrets: droppedSecrets.filter((key) => !(key in (server.config ?? {}))),
  };
}
