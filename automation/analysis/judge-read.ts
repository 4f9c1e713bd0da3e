import type { AnalysisRules } from "./analysis-rules";
import { judgeCanary, type Judgement } from "./judge-canary";
import type { VersionMetrics } from "./version-metrics";

/**
 * The canary judged from one read of both builds' metrics, keyed as the read keys them (a
 * version, a target group); a build that published nothing served nothing. During an
 * incident the canary is judged on its own numbers.
 */
export function judgeRead(
  metrics: Record<string, VersionMetrics>,
  keys: { stable: string; canary: string },
  rules: AnalysisRules,
  incident: boolean,
): Judgement {
  const none = { requests: 0, errors: 0 };
  const stable = incident ? undefined : (metrics[keys.stable] ?? none);
  return judgeCanary(metrics[keys.canary] ?? none, stable, rules);
}
