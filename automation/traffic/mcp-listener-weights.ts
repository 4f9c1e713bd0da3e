import type { Action } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { McpSide } from "../domain/mcp-blue-green-outputs";

/**
 * A listener action as ElasticLoadBalancingV2 answers it: of the SDK's `Action`, only the
 * fields a weighted forward uses.
 */
export interface ForwardAction {
  Type?: string;
  ForwardConfig?: { TargetGroups?: Array<{ TargetGroupArn?: string; Weight?: number }> };
}

/** Percent of the mcp traffic each side takes; the two add up to 100. */
export type McpWeights = Record<McpSide, number>;

/** `percent` of the traffic to `side`, the rest to the other side. */
export function weightsToward(side: McpSide, percent: number): McpWeights {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100)
    throw new Error(`an mcp weight is a whole percent from 0 to 100, got ${percent}`);
  return side === "blue"
    ? { blue: percent, green: 100 - percent }
    : { blue: 100 - percent, green: percent };
}

/** The listener's one default action: forward to both target groups with these weights. */
export function forwardAction(targetGroups: Record<McpSide, string>, weights: McpWeights): Action {
  return {
    Type: "forward",
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: targetGroups.blue, Weight: weights.blue },
        { TargetGroupArn: targetGroups.green, Weight: weights.green },
      ],
    },
  };
}

/**
 * The weights a listener's default actions give the two sides, as percents. Refuses
 * actions that are not one forward to exactly the pair's two groups: someone changed the
 * listener by hand, and no weight flightdeck would write could be read from it.
 */
export function weightsOf(
  actions: ForwardAction[] | undefined,
  targetGroups: Record<McpSide, string>,
): McpWeights {
  const groups = actions?.length === 1 ? actions[0]?.ForwardConfig?.TargetGroups : undefined;
  const weightOf = (side: McpSide) =>
    groups?.find((group) => group.TargetGroupArn === targetGroups[side])?.Weight ?? 0;
  const known = (groups ?? []).every((group) =>
    Object.values(targetGroups).includes(group.TargetGroupArn ?? ""),
  );
  const total = weightOf("blue") + weightOf("green");
  if (actions?.[0]?.Type !== "forward" || !groups || !known || total === 0) {
    throw new Error(
      `the mcp listener does not forward to its blue and green target groups by weight: ${JSON.stringify(actions)}`,
    );
  }
  // ALB weights are relative (0 to 999 each); flightdeck writes percents.
  const blue = Math.round((weightOf("blue") * 100) / total);
  return { blue, green: 100 - blue };
}
