import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The passphrase that encrypts stack secrets. An operator's PULUMI_CONFIG_PASSPHRASE(_FILE)
 * wins; otherwise one is generated once into the data directory, readable only by its owner.
 */
export function passphraseEnv(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE) return {};
  const file = join(dataDir, "pulumi-passphrase");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return { PULUMI_CONFIG_PASSPHRASE_FILE: file };
}
