import { writableDir } from "../fs/writable-dir";
import { failed, passed, type CheckResult } from "./check-result";

/** The journal, workspaces, worktrees and file state all live under the data directory. */
export async function checkDataDir(dataDir: string): Promise<CheckResult> {
  const result = await writableDir(dataDir);
  if (!result.ok) {
    return failed(
      "data-dir",
      `the data directory ${dataDir} is not writable: ${result.reason}`,
      `give the server's user write access to ${dataDir} (chown/chmod), or set FLIGHTDECK_DATA_DIR to a directory it may write`,
    );
  }
  return passed(
    "data-dir",
    result.exists ? `${dataDir} is writable` : `${dataDir} will be created on first use`,
  );
}
