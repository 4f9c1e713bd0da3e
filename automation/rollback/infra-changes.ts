import picomatch from "picomatch";
import { runGit } from "../git/run-git";

/** Paths whose changes a pointer cannot undo: the program and the committed stack settings. */
const infraPaths = picomatch(["infra/**", "Pulumi*.yaml"], { dot: true });

export interface InfraChanges {
  /** Infra files that differ between the target release and the program state follows. */
  files: string[];
  /** How to undo them: redeploy the target release's commit. */
  redeploy: string;
}

/**
 * What a pointer rollback would leave in place: infra changes made since the target
 * release, by the program whose `up` state now follows.
 */
export async function infraChangesSince(input: {
  gitDir: string;
  stack: string;
  target: { tag: number; commit: string };
  programCommit?: string;
}): Promise<InfraChanges | undefined> {
  const { gitDir, stack, target, programCommit } = input;
  if (!programCommit || programCommit === target.commit) return undefined;
  const diff = await runGit(gitDir, ["diff", "--name-only", target.commit, programCommit]);
  const files = diff.split("\n").filter((path) => path !== "" && infraPaths(path));
  if (files.length === 0) return undefined;
  return {
    files: files.slice(0, 100),
    redeploy: `POST /stacks/${stack}/deploy {"ref":"${target.tag}"} rebuilds release ${target.tag} with its own program`,
  };
}
