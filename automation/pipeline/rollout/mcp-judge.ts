import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { AnalysisRules } from "../../analysis/analysis-rules";
import type { Judgement } from "../../analysis/judge-canary";
import { judgeRead } from "../../analysis/judge-read";
import { readTargetGroupMetrics } from "../../analysis/target-group-metrics";
import {
  otherMcpSide,
  type McpBlueGreenOutputs,
  type McpSide,
} from "../../domain/mcp-blue-green-outputs";

/**
 * Judges mcp's canary side on the ALB's metrics of each side's target group since
 * `since`; during an incident on the canary's own numbers, as the stable side is what fails.
 */
export function mcpJudge(options: {
  cloudwatch: CloudWatchClient;
  pair: McpBlueGreenOutputs;
  canarySide: McpSide;
  rules: AnalysisRules;
  incident: boolean;
  signal: AbortSignal;
}): (since: Date) => Promise<Judgement> {
  const { pair, rules, incident, signal } = options;
  const canary = pair.targetGroupArnSuffixes[options.canarySide];
  const stable = pair.targetGroupArnSuffixes[otherMcpSide(options.canarySide)];
  return async (since) => {
    const metrics = await readTargetGroupMetrics(
      options.cloudwatch,
      { loadBalancer: pair.loadBalancerArnSuffix, targetGroups: [stable, canary] },
      { start: since, end: new Date() },
      signal,
    );
    return judgeRead(metrics, { stable, canary }, rules, incident);
  };
}
