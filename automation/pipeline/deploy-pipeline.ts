import { currentLive } from "../journal/current-live";
import { analyzeRelease } from "./analyze-release";
import { bakeStep } from "./bake-step";
import { checksStep, databaseStep } from "./checks-step";
import type { DeployInput } from "./deploy-input";
import type { OperationOutcome } from "../operations/operation-work";
import { leaveBadRelease } from "./leave-bad-release";
import { mcpRolloutStep } from "./mcp-rollout-step";
import { releaseStep } from "./release-step";
import { rollBackDeploy } from "./roll-back-deploy";
import { rolloutPlan } from "./rollout-plan";
import { rolloutStep } from "./rollout-step";
import { trafficStep } from "./traffic-step";
import { webRolloutStep } from "./web-rollout-step";
import { upStep } from "./up-step";
import { verifyStep } from "./verify-step";

export type { DeployInput } from "./deploy-input";
export type { DeployOutcome } from "./deploy-outcome";

/**
 * What `POST /stacks/:stack/deploy` does, step by step, each step in a file of its own.
 * See docs/architecture.md, "The release pipeline".
 */
export async function runDeploy(input: DeployInput): Promise<OperationOutcome> {
  // A failed release goes back to what was live, which a rollback may have made older than the last release.
  const live = await currentLive(input.journal, input.stackName);
  // `preflight` and `change-analysis`.
  const changes = await analyzeRelease(input);
  if (changes.affected.length === 0)
    return {
      status: "skipped",
      summary: { reason: "nothing deployable changed since the last release" },
    };

  // `checkout` and `install`.
  const program = await input.openRelease();
  try {
    // The request's, or the commit's default: a bad setting fails before anything runs.
    const rollout = rolloutPlan(input, program.stack);
    await checksStep(input, program);
    await databaseStep(input, program);
    const run = await upStep(input, program, changes, live, rollout);
    // Each returns what went wrong, or nothing to go on; users are taken back from any failure.
    const failure =
      (await verifyStep(run)) ??
      (await rolloutStep(run)) ??
      (await mcpRolloutStep(run)) ??
      (await webRolloutStep(run)) ??
      (await trafficStep(run));
    if (failure?.badBuild) return await leaveBadRelease(run, failure, "rollout");
    if (failure) return await rollBackDeploy(run, failure);
    const baked = await bakeStep(run);
    if (!baked.ok)
      return await leaveBadRelease(
        run,
        { ...baked.failure, tookTraffic: run.affected, neverServed: [] },
        "bake",
      );
    return await releaseStep(run);
  } finally {
    await program.dispose();
  }
}
