import type { Stack } from "@pulumi/pulumi/automation";

/** How Pulumi's state marks a secret value (its "signature" key and the secret kind). */
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** Whether a value, as the state or an engine event serializes it, is a secret. */
export const isSecretValue = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (value as Record<string, unknown>)[signatureKey] === secretSignature;

/** Every secret value replaced by `[secret]`, at any depth: a plain output may hold one. */
export function maskSecretValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecretValues);
  if (typeof value !== "object" || value === null) return value;
  if (isSecretValue(value)) return "[secret]";
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, maskSecretValues(inner)]),
  );
}

/**
 * The stack's outputs as its state holds them, secrets still encrypted there and masked
 * here: nothing is decrypted to be shown, unlike `pulumi stack output --show-secrets`.
 */
export async function visibleOutputs(stack: Stack): Promise<Record<string, unknown>> {
  const { deployment } = (await stack.exportStack()) as {
    deployment?: { resources?: Array<{ type: string; outputs?: Record<string, unknown> }> };
  };
  const root = deployment?.resources?.find((resource) => resource.type === "pulumi:pulumi:Stack");
  return maskSecretValues(root?.outputs ?? {}) as Record<string, unknown>;
}
