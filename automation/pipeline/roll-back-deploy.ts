import type { BadMark } from "../journal/journal";
import type { ServiceName } from "../domain/services";
import { movePointers, writePins } from "../traffic/move-pointers";
import type { DeployOutcome } from "./deploy-outcome";
import type { DeployRun } from "./deploy-run";

export interface DeployFailure {
  code: string;
  message: string;
  /** Services whose new build took user traffic and go back to what was live. */
  tookTraffic: ServiceName[];
  /** Services whose new build was stopped before any user reached it: nothing to undo. */
  neverServed: ServiceName[];
  /** The build failed where users reached it: it is recorded as a release, and marked bad. */
  badBuild?: boolean;
  /** Why the build is bad, for its mark; the message when absent. */
  badReason?: string;
  /** The release the failed build was recorded as, marked bad as it is left. */
  badRelease?: { tag: number; mark: BadMark };
}

/**
 * Ends a failed deploy: the services that took traffic move back to what was live, and
 * every affected service is pinned there (moved or not) so no later `up` brings this
 * build back; the pins are written even if a move fails. The error says what happened
 * to each service. The engine's state catches up in the refresh that follows the deploy,
 * as after a successful one (release-step.ts).
 */
export async function rollBackDeploy(
  run: DeployRun,
  failure: DeployFailure,
): Promise<DeployOutcome> {
  const { moves: context, live, outputs } = run;
  const { recorder, settle } = run.input;
  const untouched =
    failure.neverServed.length > 0
      ? `; ${failure.neverServed.join(", ")} never took traffic (${failure.neverServed.length > 1 ? "their pointers" : "its pointer"} stayed on what was live)`
      : "";
  const error = { code: failure.code, message: `${failure.message}${untouched}` };
  const releaseTag = failure.badRelease ? { releaseTag: failure.badRelease.tag } : {};
  if (failure.tookTraffic.length === 0) return { status: "failed", error, ...releaseTag };
  if (!live)
    return {
      status: "failed",
      error: { ...error, message: `${error.message}; no earlier release to roll back to` },
    };
  const affected = [...failure.tookTraffic, ...failure.neverServed];
  const moves = await recorder.step(
    "rollback",
    async () => {
      const pins = Object.fromEntries(affected.map((s) => [s, live.services[s].pointer]));
      try {
        return await movePointers(
          context,
          {
            service: (name) => live.services[name],
            bad: () =>
              failure.badRelease && { tag: failure.badRelease.tag, ...failure.badRelease.mark },
          },
          failure.tookTraffic,
          `${context.operationId}-rollback`,
          "rollback_incomplete",
        );
      } finally {
        await writePins(run.program.stack.settings, pins);
      }
    },
    (m) => ({ moves: m }),
  );
  const versions = { ...outputs.pointers };
  for (const service of affected) versions[service] = live.services[service].pointer;
  for (const move of moves) versions[move.service] = move.to;
  const then = moves.some((move) => move.moved) ? { then: settle } : {};
  return { status: "failed", rolledBack: true, versions, error, ...releaseTag, ...then };
}

/** Cancelled while users are on the new builds: they go back to what was live, then the error goes on. */
export async function undoIfCancelled(run: DeployRun, error: unknown): Promise<never> {
  if (run.input.signal.aborted && run.live)
    await rollBackDeploy(run, {
      code: "cancelled",
      message: "cancelled",
      tookTraffic: run.affected,
      neverServed: [],
    });
  throw error;
}
