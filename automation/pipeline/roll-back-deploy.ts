import type { BadMark } from "../journal/journal";
import type { ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import type { ReleaseStack } from "../engine/release-stack";
import type { CurrentLive } from "../journal/current-live";
import type { StepRecorder } from "../operations/step-recorder";
import type { MoveContext } from "../traffic/journaled-move";
import { movePointers, pinAndRefresh } from "../traffic/move-pointers";
import type { DeployOutcome } from "./deploy-outcome";

export interface DeployFailure {
  code: string;
  message: string;
  /** Services whose new build took user traffic and go back to what was live. */
  tookTraffic: ServiceName[];
  /** Services whose new build was stopped before any user reached it: nothing to undo. */
  neverServed: ServiceName[];
  /** The release the failed build was recorded as, marked bad as it is left. */
  badRelease?: { tag: number; mark: BadMark };
}

/**
 * Ends a failed deploy: the services that took traffic move back to what was live, and
 * every affected service is pinned there (moved or not) so no later `up` brings this
 * build back; the pins are written even if a move fails. The error says what happened
 * to each service.
 */
export async function rollBackDeploy(
  input: {
    context: MoveContext;
    stack: ReleaseStack;
    live: CurrentLive | undefined;
    outputs: StackOutputs;
    recorder: StepRecorder;
    signal: AbortSignal;
  },
  failure: DeployFailure,
): Promise<DeployOutcome> {
  const { context, live, outputs, recorder } = input;
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
        await pinAndRefresh(input.stack, pins, input.signal);
      }
    },
    (m) => ({ moves: m }),
  );
  const versions = { ...outputs.pointers };
  for (const service of affected) versions[service] = live.services[service].pointer;
  for (const move of moves) versions[move.service] = move.to;
  return { status: "failed", rolledBack: true, versions, error, ...releaseTag };
}
