import { runGit } from "../git/run-git";
import { PipelineError } from "./pipeline-error";

/** A release is built from a commit, so uncommitted changes would be released unrecorded. */
export async function preflight(repoDir: string): Promise<{ commit: string }> {
  const status = await runGit(repoDir, ["status", "--porcelain"]);
  const dirty = status.split("\n").filter(Boolean);
  if (dirty.length > 0) {
    throw new PipelineError(
      "dirty_tree",
      "the working tree has uncommitted changes; commit or stash them first",
      {
        paths: dirty.slice(0, 20).map((line) => line.slice(3)),
      },
    );
  }
  const commit = (await runGit(repoDir, ["rev-parse", "HEAD"])).trim();
  return { commit };
}
