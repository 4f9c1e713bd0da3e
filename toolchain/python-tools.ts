import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { motoRequirements, motoServerBin, motoVenvDir } from "./paths";
import { run, runOrThrow } from "./run";

function requirementsDigest(): string {
  return createHash("sha256").update(readFileSync(motoRequirements)).digest("hex");
}

/**
 * Ensures a venv with moto's server and every dependency at the pinned versions.
 * A venv cannot be moved (its scripts name their interpreter by absolute path), so it
 * is built in place and a stamp of the requirements' digest, written last, marks a
 * finished install: an interrupted or outdated venv is rebuilt rather than trusted.
 */
export function ensureMoto(version: string): {
  path: string;
  origin: "cached" | "installed from PyPI";
} {
  const venv = motoVenvDir(version);
  const stamp = join(venv, ".flightdeck-requirements.sha256");
  const digest = requirementsDigest();
  const server = motoServerBin(version);
  if (existsSync(server) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) {
    return { path: server, origin: "cached" };
  }
  const python = ["python3", "python"].find((p) => run(p, ["--version"]).status === 0);
  if (!python) throw new Error("toolchain: python3 is not on PATH; it is needed for moto's server");

  rmSync(venv, { recursive: true, force: true });
  runOrThrow(python, ["-m", "venv", venv]);
  runOrThrow(join(venv, "bin", "python"), [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--no-input",
    "-r",
    motoRequirements,
  ]);
  writeFileSync(stamp, digest);
  return { path: server, origin: "installed from PyPI" };
}
