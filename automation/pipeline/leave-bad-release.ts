import type { DeployOutcome } from "./deploy-outcome";
import type { DeployRun } from "./deploy-run";
import { recordReleaseStep } from "./release-step";
import { rollBackDeploy, type DeployFailure } from "./roll-back-deploy";

/**
 * A build that failed where users reached it (in a rollout or the bake) has served them,
 * so it is a release, and a bad one: recorded, left at once (the holds still pin what was
 * live), and only then pushed. `during` names where it failed, for the bad mark.
 */
export async function leaveBadRelease(
  run: DeployRun,
  failure: DeployFailure,
  during: string,
): Promise<DeployOutcome> {
  const { input, live } = run;
  // Nothing earlier to go back to: the failure says so, and no release is recorded.
  if (!live) return rollBackDeploy(run, failure);
  const tag = await recordReleaseStep(run, { push: false });
  const outcome = await rollBackDeploy(run, {
    ...failure,
    message: `release ${tag}: ${failure.message}`,
    badRelease: {
      tag,
      mark: {
        at: new Date().toISOString(),
        by: input.requestedBy,
        reason: `${failure.badReason ?? failure.message}, in the ${during} of deploy ${input.operationId}`,
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
