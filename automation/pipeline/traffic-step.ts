import { PipelineError } from "../domain/operation-error";
import { rolloutOf, type DeployRun } from "./deploy-run";
import type { DeployFailure } from "./roll-back-deploy";
import { shiftTraffic } from "./shift-traffic";

/**
 * The `traffic` step: the held services' pointers move to the checked builds (those
 * rolled out step by step already have). A move that fails, even half-way, is a
 * failure every affected service is rolled back from.
 */
export async function trafficStep(run: DeployRun): Promise<DeployFailure | undefined> {
  const { input, live, held, affected, moves, commit } = run;
  if (!live || held.length === 0) return undefined;
  const shifted = held.filter((service) => !rolloutOf(run, service));
  const moved = await input.recorder
    .step(
      "traffic",
      () => shiftTraffic(moves, live, shifted, commit),
      (m) => ({ moves: m }),
    )
    .catch((error: unknown) => {
      if (input.signal.aborted || !(error instanceof PipelineError)) throw error;
      return error;
    });
  if (moved instanceof PipelineError)
    return { code: moved.code, message: moved.message, tookTraffic: affected, neverServed: [] };
  for (const move of moved) run.outputs.pointers[move.service] = move.to;
  return undefined;
}
