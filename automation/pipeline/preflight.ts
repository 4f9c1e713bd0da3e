import type { SourceRepo } from "../git/source-repo";
import { PipelineError } from "../domain/operation-error";

/**
 * The resolved commit must be a Pulumi project: its own program and settings are what
 * runs. The server checks it out itself, so no uncommitted change can slip in.
 */
export async function preflight(
  source: SourceRepo,
  stackName: string,
  release: { ref: string; commit: string },
): Promise<{ ref: string; commit: string; stackSettings: boolean }> {
  if (!(await source.hasFile(release.commit, "Pulumi.yaml"))) {
    throw new PipelineError(
      "not_a_pulumi_project",
      `commit ${release.commit} (${release.ref}) has no Pulumi.yaml at its root`,
    );
  }
  const stackSettings = await source.hasFile(release.commit, `Pulumi.${stackName}.yaml`);
  return { ...release, stackSettings };
}
