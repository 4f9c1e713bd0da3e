import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot } from "../../toolchain/paths";

/**
 * Where tests leave files worth looking at (screenshots): `test-output/<name>/` in the
 * checkout (ignored by git), or under FLIGHTDECK_TEST_OUTPUT. Rewritten on each run.
 */
export function testOutputDir(name: string): string {
  const root = process.env.FLIGHTDECK_TEST_OUTPUT
    ? resolve(process.env.FLIGHTDECK_TEST_OUTPUT)
    : join(repoRoot, "test-output");
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
