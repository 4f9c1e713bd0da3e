import type { DeployOutcome } from "./deploy-outcome";
import type { DeployRun } from "./deploy-run";
import { recordReleaseStep } from "./release-step";
import { rollBackDeploy } from "./roll-back-deploy";

/**
 * After a failed bake the build has served users, so it is a release, and a bad one:
 * recorded, left at once (the holds still pin what was live), and only then pushed.
 */
export async function leaveBadRelease(
  run: DeployRun,
  failure: { code: string; message: string },
): Promise<DeployOutcome> {
  const { input, live, affected } = run;
  // Nothing earlier to go back to: the failure says so, and no release is recorded.
  if (!live) return rollBackDeploy(run, { ...failure, tookTraffic: affected, neverServed: [] });
  const tag = await recordReleaseStep(run, { push: false });
  const outcome = await rollBackDeploy(run, {
    code: failure.code,
    message: `release ${tag}: ${failure.message}`,
    tookTraffic: affected,
    neverServed: [],
    badRelease: {
      tag,
      mark: {
        at: new Date().toISOString(),
        by: input.requestedBy,
        reason: `${failure.message}, in the bake of deploy ${input.operationId}`,
        operationId: input.operationId,
      },
    },
  });
  await input.recorder.step(
    "push",
    () => input.source.pushTag(tag),
    (push) => ({ tag, push }),
  );
  return outcome;
}
