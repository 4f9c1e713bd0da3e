import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { runGit } from "../git/run-git";

export interface Worktree {
  dir: string;
  commit: string;
  remove(): Promise<void>;
}

/**
 * Exactly one commit, checked out clean and detached where nothing else writes: the
 * program, services and settings of a release all come from it.
 */
export async function addWorktree(
  gitDir: string,
  root: string,
  name: string,
  commit: string,
): Promise<Worktree> {
  await mkdir(root, { recursive: true });
  const dir = join(root, name);
  await runGit(gitDir, ["worktree", "add", "--quiet", "--detach", "--force", dir, commit]);
  return {
    dir,
    commit,
    remove: async () => {
      await runGit(gitDir, ["worktree", "remove", "--force", dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * At start: whatever a crash left under the worktrees folder goes, and git forgets it,
 * so the next deploy starts from a clean slate.
 */
export async function clearWorktrees(gitDir: string, root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
  await runGit(gitDir, ["worktree", "prune"]);
}
