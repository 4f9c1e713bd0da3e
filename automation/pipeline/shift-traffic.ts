import type { LiveService } from "../domain/live-state";
import { serviceKeys, type ServiceName } from "../domain/services";
import type { ReleaseStack } from "../engine/release-stack";
import type { CurrentLive } from "../journal/current-live";
import type { MoveContext } from "../traffic/journaled-move";
import { movePointers } from "../traffic/move-pointers";
import type { PointerMove } from "../traffic/pointer-move";
import { PipelineError } from "../domain/operation-error";

/** What a held service runs once its traffic moves: this deploy's build, not yet released. */
export function newBuild(
  context: MoveContext,
  live: CurrentLive,
  service: ServiceName,
  commit: string,
): LiveService {
  const pointer = service === "api" ? context.outputs.apiPublishedVersion : commit;
  if (!pointer)
    throw new PipelineError(
      "program_outputs_missing",
      "the released program has no apiPublishedVersion output",
    );
  return {
    gitHash: commit,
    pointer,
    tag: live.services[service].tag,
    unreleased: context.operationId,
  };
}

/**
 * Moves the held services' pointers to the checked builds: one UpdateAlias for the api,
 * one UpdateDistribution (and its invalidation) for the web, each journaled.
 */
export async function shiftTraffic(
  context: MoveContext,
  live: CurrentLive,
  services: ServiceName[],
  commit: string,
): Promise<PointerMove[]> {
  return movePointers(
    context,
    { service: (name) => newBuild(context, live, name, commit) },
    services,
    `${context.operationId}-shift`,
    "traffic_shift_failed",
  );
}

/**
 * Lifts the holds once the pointers moved: the settings say what users run. The
 * engine's state catches up in the refresh that follows the deploy (release-step.ts).
 */
export async function releaseHolds(stack: ReleaseStack, held: ServiceName[]): Promise<void> {
  if (held.length === 0) return;
  await stack.changeConfig({ remove: held.map((service) => serviceKeys[service].pinConfig) });
}
