import type { AwsClients } from "../aws/aws-clients";
import type { LiveState } from "../domain/live-state";
import { otherMcpSide, type McpSide } from "../domain/mcp-blue-green-outputs";
import { readMcpWeights } from "../traffic/mcp-pair-pointer";

/**
 * The side an interrupted mcp rollout had promoted in AWS (the listener gives it all the
 * traffic) before the server wrote it into the stack's settings as the live one. Written
 * at recovery, the next `up` declares what AWS has instead of flipping the listener back.
 */
export async function promotedMcpSide(
  aws: AwsClients,
  current: LiveState,
): Promise<McpSide | undefined> {
  const pair = current.outputs.mcpBlueGreen;
  if (!pair) return undefined;
  const idle = otherMcpSide(pair.liveSide);
  return (await readMcpWeights(aws, pair))[idle] === 100 ? idle : undefined;
}
