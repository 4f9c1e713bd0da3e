import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { runGit } from "./run-git";
import { ownerGone } from "../journal/instance-owner";

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
 * At start: the worktrees of servers that died (one folder per server instance under
 * `root`) go, and git forgets them, so the next deploy starts from a clean slate. Those
 * of a server still running on this host stay.
 */
export async function clearWorktrees(gitDir: string, root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[]))
    if (!name.includes(":") || ownerGone(name))
      await rm(join(root, name), { recursive: true, force: true });
  await runGit(gitDir, ["worktree", "prune"]);
}
