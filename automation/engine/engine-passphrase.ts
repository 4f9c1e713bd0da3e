import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where each stack's passphrase is kept, one file per stack, readable only by the server. */
export const passphrasesDir = (dataDir: string) => join(dataDir, "passphrases");

/** The one passphrase every stack shared before each had its own. */
const sharedPassphraseFile = (dataDir: string) => join(dataDir, "pulumi-passphrase");

export interface StackPassphrase {
  env: Record<string, string>;
  /** Set when the stack still uses the passphrase all stacks once shared: rotate it. */
  shared?: string;
}

/**
 * The passphrase that encrypts one stack's secrets, so that the engine running one stack's
 * program can decrypt no other stack's. An operator's PULUMI_CONFIG_PASSPHRASE(_FILE) wins
 * for every stack (theirs to share). Otherwise each stack gets its own, generated at first
 * use into the data directory. A stack whose settings were encrypted with the passphrase
 * all stacks once shared keeps that one, said so, until the operator rotates it with
 * `pulumi stack change-secrets-provider passphrase`.
 */
export function stackPassphrase(
  dataDir: string,
  stack: string,
  settingsExist: boolean,
  env: Record<string, string | undefined>,
): StackPassphrase {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE)
    return { env: {} };
  const dir = passphrasesDir(dataDir);
  const file = join(dir, stack);
  const passphraseEnv = { PULUMI_CONFIG_PASSPHRASE_FILE: file };
  if (existsSync(file)) return { env: passphraseEnv };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const shared = sharedPassphraseFile(dataDir);
  if (settingsExist && existsSync(shared)) {
    copyFileSync(shared, file);
    return { env: passphraseEnv, shared: file };
  }
  try {
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another instance sharing the data directory made it first: theirs is the one.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return { env: passphraseEnv };
}
