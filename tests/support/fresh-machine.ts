import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findOnPath } from "../../toolchain/pulumi-cli";

/** The admin token of a fresh machine's server (tokens file mode 0600, 40 characters). */
export const freshMachineToken = "fresh-machine-admin-token-0123456789abcd";

/**
 * What a newcomer's fresh machine has: node, git and bubblewrap (a Debian package, which
 * confines released code) on PATH and nothing else, no AWS
 * profile (empty config files; the instance metadata service off, as a CI runner on EC2
 * would otherwise answer with its role), a home of its own.
 */
export function freshMachine(
  root: string,
  repoDir: string,
  { bubblewrap = true } = {},
): NodeJS.ProcessEnv {
  const bin = join(root, "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, "node"));
  symlinkSync(findOnPath("git", "")!, join(bin, "git"));
  if (bubblewrap) symlinkSync(findOnPath("bwrap", "")!, join(bin, "bwrap"));
  mkdirSync(join(root, "home"));
  writeFileSync(join(root, "aws-config"), "");
  writeFileSync(join(root, "aws-credentials"), "");
  const tokensFile = join(root, "tokens.json");
  const tokens = [{ name: "ops", token: freshMachineToken, scopes: ["admin"] }];
  writeFileSync(tokensFile, JSON.stringify(tokens), { mode: 0o600 });
  return {
    PATH: bin,
    HOME: join(root, "home"),
    AWS_CONFIG_FILE: join(root, "aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(root, "aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    FLIGHTDECK_DATA_DIR: join(root, "data"),
    FLIGHTDECK_REPO_DIR: repoDir,
    FLIGHTDECK_TOKENS_FILE: tokensFile,
    PORT: "0",
  };
}
