import type { AwsClients } from "../aws/aws-clients";
import type { LiveState } from "../domain/live-state";
import type { Journal, Operation } from "../journal/journal";
import { liveFromAws } from "../traffic/live-from-aws";
import { readPointer } from "../traffic/read-pointer";
import { removeMcpWeights } from "../traffic/set-mcp-weights";

/**
 * A deploy's mcp rollout found part way (the listener gives the idle side a share): all
 * of the traffic goes back to the live side, as an abort would, journaled like any move.
 */
export async function recoverMcpWeights(
  journal: Journal,
  aws: AwsClients,
  operation: Operation,
  current: LiveState,
  note: (message: string, data: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const pair = current.outputs.mcpBlueGreen;
  if (!pair) return;
  const mcp = await readPointer(aws, current.outputs, "mcp");
  if (!mcp.weights) return;
  const context = {
    journal,
    operationId: operation.id,
    stack: operation.stack,
    aws,
    outputs: current.outputs,
  };
  const stable = liveFromAws(
    "mcp",
    { pointer: mcp.pointer },
    await journal.listReleases(operation.stack),
    current.services.mcp,
  );
  await removeMcpWeights(context, stable);
  await note(
    `recovery: removed the rollout's weight ${JSON.stringify(mcp.weights)}; mcp's ${pair.liveSide} side (${mcp.pointer}) serves alone`,
    { service: "mcp", aws: mcp.pointer, weights: mcp.weights },
  );
}
