import { serviceNames, type ServiceName } from "../domain/services";
import { runGit } from "../git/run-git";
import type { PathMap } from "../settings/path-map";
import { servicesForPaths } from "./services-for-paths";

export interface ChangeAnalysis {
  /** The commit of the last release, absent on a stack's first deploy. */
  baseCommit?: string;
  changedFiles: string[];
  affected: ServiceName[];
  reason: "first release" | "changed files" | "forced";
}

export async function analyzeChanges(input: {
  repoDir: string;
  commit: string;
  baseCommit?: string;
  pathMap: PathMap;
  force: boolean;
}): Promise<ChangeAnalysis> {
  const { repoDir, commit, baseCommit, pathMap, force } = input;
  if (!baseCommit)
    return { changedFiles: [], affected: [...serviceNames], reason: "first release" };
  const diff = await runGit(repoDir, ["diff", "--name-only", baseCommit, commit]);
  const changedFiles = diff.split("\n").filter(Boolean);
  if (force) return { baseCommit, changedFiles, affected: [...serviceNames], reason: "forced" };
  return {
    baseCommit,
    changedFiles,
    affected: servicesForPaths(changedFiles, pathMap),
    reason: "changed files",
  };
}
