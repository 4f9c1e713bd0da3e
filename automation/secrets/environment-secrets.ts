import { readFileSync } from "node:fs";

/** Variables whose values grant access: the engine's passphrase, AWS and Pulumi credentials. */
const secretNames = [
  "PULUMI_CONFIG_PASSPHRASE",
  "PULUMI_ACCESS_TOKEN",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
] as const;

/**
 * The secret values of the environment the engine runs with (the server's own, with the
 * engine's variables over it), including the passphrase a PULUMI_CONFIG_PASSPHRASE_FILE
 * holds, generated or the operator's.
 */
export function environmentSecrets(env: Record<string, string | undefined>): string[] {
  const values = secretNames.map((name) => env[name]);
  const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (file && env.PULUMI_CONFIG_PASSPHRASE === undefined) {
    try {
      // A trailing newline is no part of what a program would print.
      values.push(readFileSync(file, "utf8").replace(/\r?\n$/, ""));
    } catch {
      // Unreadable: the engine will say so when it needs it.
    }
  }
  return values.filter((value): value is string => typeof value === "string" && value !== "");
}
