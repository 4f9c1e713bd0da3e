import type { SourceRepo } from "../git/source-repo";
import type { Journal, OperationPatch } from "../journal/journal";
import type { StepRecorder } from "../operations/step-recorder";
import { analyzeChanges, type ChangeAnalysis } from "./analyze-changes";
import { preflight } from "./preflight";
import type { PathMap } from "../settings/path-map";

/**
 * The `preflight` and `change-analysis` steps a deploy and its preview share: the
 * commit must be a Pulumi project, and the files changed since the last release say
 * which services it affects.
 */
export async function analyzeRelease(input: {
  stackName: string;
  release: { ref: string; commit: string };
  force: boolean;
  source: SourceRepo;
  pathMap: PathMap;
  journal: Journal;
  recorder: StepRecorder;
  note: (patch: OperationPatch) => Promise<void>;
}): Promise<ChangeAnalysis & { commit: string }> {
  const { recorder, note } = input;
  const previous = await input.journal.latestRelease(input.stackName);
  const { commit } = await recorder.step(
    "preflight",
    () => preflight(input.source, input.stackName, input.release),
    (r) => r,
  );
  await note({ commit });
  const changes = await recorder.step(
    "change-analysis",
    () =>
      analyzeChanges({
        ...input,
        repoDir: input.source.gitDir,
        commit,
        baseCommit: previous?.commit,
      }),
    (r) => ({
      baseCommit: r.baseCommit,
      changedFiles: r.changedFiles.slice(0, 100),
      affected: r.affected,
      reason: r.reason,
    }),
  );
  await note({ affectedServices: changes.affected });
  return { ...changes, commit };
}
