import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tiny } from "./size";

export interface BenchDependencies {
  /** The server's FLIGHTDECK_DEPENDENCIES_DIR for every world of the run. */
  dir: string;
  remove(): void;
}

/**
 * Where the benchmarks' servers keep their installs: never the tests' folder, since the
 * new lockfiles of the release-tree benchmark would evict the tests' installs there. A
 * real run starts from nothing, so its first deploy installs as a fresh server does. A
 * tiny run keeps one folder from run to run (shared safely, as the tests' is): its
 * install and npm's download cache (`<dir>.npm-cache`) are made once, not downloaded and
 * deleted again each time `npm test` runs it.
 */
export function benchDependencies(): BenchDependencies {
  if (tiny) return { dir: join(tmpdir(), "flightdeck-bench-dependencies"), remove: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-bench-deps-"));
  return {
    dir,
    remove: () => {
      for (const path of [dir, `${dir}.npm-cache`]) rmSync(path, { recursive: true, force: true });
    },
  };
}
