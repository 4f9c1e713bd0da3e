import type { OperationOutcome } from "../operations/operation-work";
import type { DeployRun } from "./deploy-run";
import { recordMovedPointers } from "../traffic/record-moved-pointers";
import { recordRelease } from "./record-release";
import { rollBackDeploy, undoIfCancelled } from "./roll-back-deploy";
import { releaseHolds } from "./shift-traffic";

/**
 * The `release` step: the next tag on the commit and what each service runs, pushed
 * unless told otherwise; `before` runs first, within the step.
 */
export async function recordReleaseStep(
  run: DeployRun,
  options: { push: boolean; before?: () => Promise<void> },
): Promise<number> {
  const { input, commit, affected, outputs, live } = run;
  const manifest = await input.recorder.step(
    "release",
    async () => {
      await options.before?.();
      const recorded = await recordRelease({
        journal: input.journal,
        repoDir: input.source.gitDir,
        stack: input.stackName,
        deploymentId: input.operationId,
        commit,
        affected,
        outputs,
        live,
        ...(input.incident && { incident: { ...input.incident, by: input.requestedBy } }),
      });
      const push = options.push ? await input.source.pushTag(recorded.tag) : "after the rollback";
      return { ...recorded, push };
    },
    (r) => ({ tag: r.tag, services: r.services, push: r.push }),
  );
  return manifest.tag;
}

/**
 * A deploy that baked healthy becomes the next release. The holds stayed through the
 * bake, so a failed one rolled back onto them; now they go, within the step, and the
 * outputs the journal keeps learn the moved pointers. The deploy then reports, and a
 * refresh follows it.
 */
export async function releaseStep(run: DeployRun): Promise<OperationOutcome> {
  const { input, affected } = run;
  const released = await recordReleaseStep(run, {
    push: true,
    before: async () => {
      await releaseHolds(run.program.stack, run.held);
      const moved = run.held.map((service) => [service, run.outputs.pointers[service]] as const);
      await recordMovedPointers(input.journal, input.stackName, Object.fromEntries(moved));
    },
  }).catch(async (error: unknown) => {
    if (input.signal.aborted) return undoIfCancelled(run, error);
    const message = error instanceof Error ? error.message : String(error);
    return rollBackDeploy(run, {
      code: "release_failed",
      message,
      tookTraffic: affected,
      neverServed: [],
    });
  });
  if (typeof released !== "number") return released;
  // Pointers the deploy moved itself are news to the engine's state: a refresh follows.
  const then = run.held.length > 0 ? { then: input.settle } : {};
  return { status: "succeeded", releaseTag: released, versions: run.outputs.pointers, ...then };
}
