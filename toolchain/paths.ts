import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The repository root, derived from this file's location so nothing depends on the cwd. */
export const repoRoot = resolve(__dirname, "..");

/**
 * Per-user cache outside the checkout: CI works in a fresh clone, so anything kept
 * inside it would be rebuilt on every run.
 */
export function cacheRoot(): string {
  const explicit = process.env.FLIGHTDECK_TOOLCHAIN_DIR;
  if (explicit) return resolve(explicit);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "flightdeck", "toolchain");
}

/** The @pulumi/pulumi version npm installed from the lockfile; the CLI must match it. */
export function pulumiSdkVersion(): string {
  const manifest = join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return version;
}

/** Laid out as PulumiCommand.get({ root }) expects: `<root>/bin/pulumi`. */
export function pulumiRoot(version = pulumiSdkVersion()): string {
  return join(cacheRoot(), "pulumi", `v${version}`);
}

export function pulumiBinDir(version = pulumiSdkVersion()): string {
  return join(pulumiRoot(version), "bin");
}

export const pulumiModuleDir = join(repoRoot, "toolchain", "pulumi-cli");
export const motoRequirements = join(repoRoot, "toolchain", "moto", "requirements.txt");

/** Pinned moto version, read from the requirements file so there is one place to change it. */
export function motoVersion(): string {
  const line = readFileSync(motoRequirements, "utf8")
    .split("\n")
    .find((l) => l.startsWith("moto=="));
  if (!line) throw new Error(`${motoRequirements} does not pin moto (expected a line moto==X.Y.Z)`);
  return line.slice("moto==".length).trim();
}

export function motoVenvDir(version = motoVersion()): string {
  return join(cacheRoot(), "moto", version);
}

export function motoServerBin(version = motoVersion()): string {
  return join(motoVenvDir(version), "bin", "moto_server");
}
