import { createHash } from "node:crypto";
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
/** The Python tools the tests run (moto's server, schemathesis), every package pinned. */
export const pythonRequirements = join(repoRoot, "toolchain", "python", "requirements.txt");

/** A pinned version, read from the requirements file so there is one place to change it. */
export function pinnedPythonVersion(name: string): string {
  const line = readFileSync(pythonRequirements, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}==`));
  if (!line)
    throw new Error(`${pythonRequirements} does not pin ${name} (expected ${name}==X.Y.Z)`);
  return line.slice(`${name}==`.length).trim();
}

export function pythonRequirementsDigest(): string {
  return createHash("sha256").update(readFileSync(pythonRequirements)).digest("hex");
}

/**
 * One venv per set of requirements: checkouts pinning different versions (branches,
 * worktrees) each keep their own instead of rebuilding one another's.
 */
export function pythonVenvDir(): string {
  return join(cacheRoot(), "python", pythonRequirementsDigest().slice(0, 16));
}

export const motoServerBin = () => join(pythonVenvDir(), "bin", "moto_server");
/** Runs sandbox-world's launcher of moto's server, which patches moto before starting it. */
export const venvPython = () => join(pythonVenvDir(), "bin", "python");
export const schemathesisBin = () => join(pythonVenvDir(), "bin", "schemathesis");
