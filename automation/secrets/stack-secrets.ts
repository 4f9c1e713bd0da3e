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
 * Teaches the mask the stack's secret config values, read (decrypted) from the server's
 * settings of the stack. Run as each operation opens the stack, so a secret an operator
 * set since the last one is masked from the first line the engine or a check prints.
 */
export async function learnStackSecrets(
  stack: Stack,
  mask: SecretMask,
  log: FastifyBaseLogger,
): Promise<void> {
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
}
