import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pythonRequirements, pythonVenvDir } from "./paths";
import { run, runOrThrow } from "./run";

/**
 * Ensures a venv with the test suite's Python tools (moto's server, schemathesis) and
 * every dependency at the pinned versions. A venv cannot be moved (its scripts name their
 * interpreter by absolute path), so it is built in place and a stamp written last marks
 * a finished install: an interrupted one is rebuilt rather than trusted.
 */
export function ensurePythonTools(): { path: string; origin: "cached" | "installed from PyPI" } {
  const venv = pythonVenvDir();
  const stamp = join(venv, ".flightdeck-complete");
  if (existsSync(stamp)) return { path: venv, origin: "cached" };
  const python = ["python3", "python"].find((p) => run(p, ["--version"]).status === 0);
  if (!python) {
    throw new Error("toolchain: python3 is not on PATH; moto's server and schemathesis need it");
  }

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
    pythonRequirements,
  ]);
  writeFileSync(stamp, "");
  return { path: venv, origin: "installed from PyPI" };
}
