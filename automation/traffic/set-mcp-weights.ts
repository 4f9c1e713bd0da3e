import { ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { AwsClients } from "../aws/aws-clients";
import type { LiveService } from "../domain/live-state";
import { otherMcpSide, type McpSide } from "../domain/mcp-blue-green-outputs";
import { journaledMove, type IntendedMove, type MoveContext } from "./journaled-move";
import { forwardAction, weightsOf, weightsToward, type McpWeights } from "./mcp-listener-weights";

/** The two builds an mcp rollout shares the listener between, one per side. */
export interface McpRolloutSides {
  /** What the live side runs, as the journal has it. */
  stable: LiveService;
  /** The new build, started on the idle side. */
  canary: { side: McpSide; taskDefinition: string; gitHash: string };
}

/**
 * What mcp runs once the canary has `percent` of the traffic, as readPointer reads it
 * back: the stable build with the canary's share, or at 100 the canary alone.
 */
function runsAt(context: MoveContext, sides: McpRolloutSides, percent: number): LiveService {
  const { stable, canary } = sides;
  if (percent >= 100)
    return {
      gitHash: canary.gitHash,
      pointer: canary.taskDefinition,
      tag: stable.tag,
      unreleased: context.operationId,
    };
  const weights = percent > 0 ? { [canary.taskDefinition]: percent / 100 } : undefined;
  return { ...stable, weights };
}

/**
 * The listener's weights set as a journaled move to `target`: the intent first, then one
 * ModifyListener, whose answer is the confirmation.
 */
async function moveListener(
  context: MoveContext,
  from: string,
  target: LiveService,
  weights: McpWeights,
  bad?: IntendedMove["bad"],
): Promise<void> {
  const { aws, outputs } = context;
  const pair = outputs.mcpBlueGreen;
  if (!pair) throw new Error("the stack's mcp has no blue/green pair to move weights between");
  const move = { service: "mcp" as const, from, to: target.pointer, target, bad };
  await journaledMove(context, move, async () => {
    const answer = await aws.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: pair.listenerArn,
        DefaultActions: [forwardAction(pair.targetGroups, weights)],
      }),
    );
    const answered = weightsOf(answer.Listeners?.[0]?.DefaultActions, pair.targetGroups);
    if (answered.blue !== weights.blue || answered.green !== weights.green)
      throw new Error(
        `the mcp listener answered weights ${JSON.stringify(answered)} after moving them to ${JSON.stringify(weights)}`,
      );
  });
}

/**
 * `percent` of mcp's traffic to the canary's side, the rest to the stable side. 0 is an
 * abort's move back; 100 a promotion's.
 */
export function setMcpWeights(
  context: MoveContext,
  sides: McpRolloutSides,
  percent: number,
): Promise<void> {
  const weights = weightsToward(sides.canary.side, percent);
  return moveListener(context, sides.stable.pointer, runsAt(context, sides, percent), weights);
}

/**
 * All of mcp's traffic back to the live side the outputs name, which runs `stable`, and
 * the other side scaled to nothing: what a recovery does with a rollout it finds part
 * way, what a rollback does after a stopped one (marking the release it leaves `bad`),
 * and what the next `up` declares.
 */
export async function removeMcpWeights(
  context: MoveContext,
  stable: LiveService,
  bad?: IntendedMove["bad"],
): Promise<void> {
  const pair = context.outputs.mcpBlueGreen;
  if (!pair) throw new Error("the stack's mcp has no blue/green pair to move weights between");
  const weights = weightsToward(pair.liveSide, 100);
  await moveListener(context, stable.pointer, { ...stable, weights: undefined }, weights, bad);
  const idle = otherMcpSide(pair.liveSide);
  await scaleMcpSide(context.aws, context.outputs.mcpClusterName, pair.serviceNames[idle], 0);
}

/** One side's service scaled to `desiredCount` tasks. */
export async function scaleMcpSide(
  aws: AwsClients,
  cluster: string,
  service: string,
  desiredCount: number,
): Promise<void> {
  await aws.ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount }));
}
