import type { Stack } from "@pulumi/pulumi/automation";
import type { FastifyBaseLogger } from "fastify";
import type { SecretMask } from "./secret-mask";

function leaves(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(leaves);
  return [];
}

/** Every string in a structured secret (`pulumi config set --path --secret`): a program may print one part. */
function structuredParts(value: string): string[] {
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === "object" && parsed !== null ? leaves(parsed) : [];
  } catch {
    return [];
  }
}

/**
 * What decides a stack's secret values, read from its settings file without decrypting:
 * every value that is not a plain string (a secret, or a structure that may hold one)
 * and how secrets are encrypted. While it stays the same, so do the secrets.
 */
async function secretsFingerprint(stack: Stack): Promise<string> {
  const {
    config = {},
    encryptionSalt,
    encryptedKey,
    secretsProvider,
  } = await stack.workspace.stackSettings(stack.name);
  const structured = Object.entries(config).filter(([, value]) => typeof value !== "string");
  return JSON.stringify([structured, encryptionSalt, encryptedKey, secretsProvider]);
}

/** Per mask, per stack: the fingerprint of the secrets it last learned. */
const learned = new WeakMap<SecretMask, Map<string, string>>();

/**
 * Teaches the mask the stack's secret config values, read (decrypted) from the server's
 * settings of the stack. Run as each operation opens the stack, so a secret an operator
 * set since the last one is masked from the first line the engine or a check prints.
 * Decrypting is an engine start: it is skipped while the stack's secrets are unchanged.
 */
export async function learnStackSecrets(
  stack: Stack,
  mask: SecretMask,
  log: FastifyBaseLogger,
): Promise<void> {
  const fingerprint = await secretsFingerprint(stack);
  const known = learned.get(mask) ?? new Map<string, string>();
  learned.set(mask, known);
  if (known.get(stack.name) === fingerprint) return;
  const config = await stack.getAllConfig();
  for (const [key, { value, secret }] of Object.entries(config)) {
    if (!secret) continue;
    if (!mask.add(value)) {
      log.warn(
        { stack: stack.name, key },
        "a secret config value is too short to be masked in logs and the journal; use a longer one",
      );
    }
    for (const part of structuredParts(value)) mask.add(part);
  }
  known.set(stack.name, fingerprint);
}
