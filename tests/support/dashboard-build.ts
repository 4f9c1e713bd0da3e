import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../toolchain/paths";

export interface DashboardBuild {
  dir: string;
  cleanup(): void;
}

/**
 * Builds the dashboard from its current sources into a folder of its own, as
 * `npm run build:dashboard` does into dashboard/dist: tests never serve a stale build,
 * and test files building at once never overwrite one another's.
 */
export async function buildDashboard(): Promise<DashboardBuild> {
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-dashboard-"));
  const vite = join(repoRoot, "node_modules", "vite", "bin", "vite.js");
  await promisify(execFile)(
    process.execPath,
    [vite, "build", "dashboard", "--outDir", dir, "--emptyOutDir", "--logLevel", "warn"],
    { cwd: repoRoot },
  ).catch((error: Error & { stderr?: string }) => {
    throw new Error(`the dashboard did not build: ${error.stderr || error.message}`);
  });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
