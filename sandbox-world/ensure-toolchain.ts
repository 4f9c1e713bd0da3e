import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { launcherName } from "../toolchain/dynamic-provider-launcher";
import { languageHostName } from "../toolchain/language-host";
import { cacheRoot, motoServerBin, pulumiBinDir, repoRoot } from "../toolchain/paths";
import { findOnPath } from "../toolchain/pulumi-cli";

/** What the sandbox runs that `npm ci` does not bring, by what the bootstrap builds. */
export function missingToolchain(): string[] {
  const binDir = pulumiBinDir();
  const missing: string[] = [];
  if (!existsSync(join(binDir, "pulumi")) && !findOnPath("pulumi", binDir))
    missing.push("the pulumi CLI");
  if (!existsSync(join(binDir, languageHostName))) missing.push("its nodejs language host");
  if (!existsSync(join(binDir, launcherName))) missing.push("its dynamic provider launcher");
  if (!existsSync(motoServerBin())) missing.push("moto's server (the AWS API emulator)");
  return missing;
}

/**
 * Runs `npm run bootstrap` when a piece is missing, saying first what and how long: the
 * first build of the pulumi CLI from Go modules is the slow part.
 */
export function ensureToolchain(say: (line: string) => void): void {
  const missing = missingToolchain();
  if (missing.length === 0) return;
  say(`the toolchain lacks ${missing.join(", ")}: running \`npm run bootstrap\` once.`);
  say(
    "  The first build of the pulumi CLI from Go modules takes 15 to 30 minutes on two cores, the Python tools a few; " +
      `everything is cached in ${cacheRoot()}, so later starts take seconds.`,
  );
  const bootstrap = spawnSync(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "toolchain", "bootstrap.ts")],
    { cwd: repoRoot, stdio: "inherit" },
  );
  if (bootstrap.status !== 0)
    throw new Error(
      "`npm run bootstrap` failed (see above); fix what it says, then run `npm run sandbox` again",
    );
}
