import type { AwsClients } from "../aws/aws-clients";
import type { LiveState } from "../domain/live-state";
import { mcpSides, otherMcpSide } from "../domain/mcp-blue-green-outputs";
import { describeMcpSide } from "../traffic/describe-mcp-side";
import { readMcpWeights } from "../traffic/mcp-pair-pointer";
import { scaleMcpSide } from "../traffic/set-mcp-weights";

/**
 * A deploy killed while mcp's idle side ran tasks that take no traffic (the new build
 * being checked before any weight moved to it, or the old one once the new side took it
 * all) leaves them running for nobody. At recovery, once one side has all the listener's
 * weight, the other is scaled to nothing, as the rollout would have done; a listener
 * that gives neither side everything is left as it is. `note` tells what was done.
 */
export async function retireIdleMcpSide(
  aws: AwsClients,
  current: LiveState,
  note: (message: string, data: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const pair = current.outputs.mcpBlueGreen;
  if (!pair) return;
  const weights = await readMcpWeights(aws, pair);
  const serving = mcpSides.find((side) => weights[side] === 100);
  if (!serving) return;
  const idle = otherMcpSide(serving);
  const cluster = current.outputs.mcpClusterName;
  const { desiredCount } = await describeMcpSide(aws, cluster, pair.serviceNames[idle]);
  if (desiredCount === 0) return;
  await scaleMcpSide(aws, cluster, pair.serviceNames[idle], 0);
  await note(
    `recovery: mcp's ${idle} side ran ${desiredCount} task(s) with no traffic; scaled to 0`,
    { service: "mcp", side: idle, desiredCount },
  );
}
