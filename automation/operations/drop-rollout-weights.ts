import type { AwsClients } from "../aws/aws-clients";
import type { LiveService, LiveState } from "../domain/live-state";
import type { Journal, Operation } from "../journal/journal";
import type { RolledOutService } from "../settings/rollout-strategy";
import type { MoveContext } from "../traffic/journaled-move";
import { liveFromAws } from "../traffic/live-from-aws";
import { moveApiPointer } from "../traffic/move-api-pointer";
import { readPointer } from "../traffic/read-pointer";
import { removeMcpWeights } from "../traffic/set-mcp-weights";
import { setWebCohort } from "../traffic/set-web-cohort";

/** The services a rollout shares by weights, and how each gives its stable build all traffic. */
const dropWeight = {
  // The same move a rollback makes: alias on its version, no extra weights.
  api: (context: MoveContext, stable: LiveService) =>
    moveApiPointer(context, { ...stable, weights: undefined }),
  // The listener's weight all on the live side, as an abort gives it.
  mcp: (context: MoveContext, stable: LiveService) => removeMcpWeights(context, stable),
  // The cohort emptied: every viewer gets the release the origin path names.
  web: (context: MoveContext, stable: LiveService, canary: string) =>
    setWebCohort(context, stable, { release: canary, weight: 0 }),
};

/**
 * A deploy's rollout never means to leave a weight, whether asked for or the stack's
 * default: after a crash, each weight found in AWS goes, journaled as a move of the
 * recovering operation, so the stable build serves alone. `note` tells what was done.
 */
export async function dropRolloutWeights(
  journal: Journal,
  aws: AwsClients,
  operation: Operation,
  current: LiveState,
  note: (message: string, data: Record<string, unknown>) => Promise<void>,
  services: readonly RolledOutService[] = ["api", "mcp", "web"],
): Promise<void> {
  const context = {
    journal,
    operationId: operation.id,
    stack: operation.stack,
    aws,
    outputs: current.outputs,
  };
  for (const service of services) {
    // A stack whose program predates mcp's pair or the web's cohort has no weights there.
    if (service === "mcp" && !current.outputs.mcpBlueGreen) continue;
    if (service === "web" && !current.outputs.webCohortStoreArn) continue;
    const observed = await readPointer(aws, current.outputs, service);
    if (!observed.weights) continue;
    const stable = liveFromAws(
      service,
      { pointer: observed.pointer },
      await journal.listReleases(operation.stack),
      current.services[service],
    );
    const [canary = ""] = Object.keys(observed.weights);
    await dropWeight[service](context, stable, canary);
    await note(
      `recovery: removed the rollout's weight ${JSON.stringify(observed.weights)}; ${service} ${observed.pointer} serves alone`,
      { service, aws: observed.pointer, weights: observed.weights },
    );
  }
}
