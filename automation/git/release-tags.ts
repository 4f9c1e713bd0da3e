import { runGit } from "./run-git";

/** Release tags are plain increasing integers; other tags are not ours. */
export async function releaseTags(repoDir: string): Promise<number[]> {
  const out = await runGit(repoDir, ["tag", "--list"]);
  return out
    .split("\n")
    .filter((tag) => /^[1-9]\d*$/.test(tag))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Tags `commit` with the next integer. Two stacks may release at once, so a tag that
 * appeared meanwhile is skipped rather than overwritten.
 */
export async function createNextReleaseTag(
  repoDir: string,
  commit: string,
  message: string,
): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = ((await releaseTags(repoDir)).at(-1) ?? 0) + 1;
    try {
      await runGit(repoDir, ["tag", "-a", String(next), commit, "-m", message]);
      return next;
    } catch (error) {
      if (!String(error).includes("already exists")) throw error;
    }
  }
  throw new Error("could not create a release tag: other releases kept taking the next number");
}
