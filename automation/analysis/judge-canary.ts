import type { AnalysisRules } from "./analysis-rules";
import type { Judgement, RatedMetrics, RuleCheck } from "./judgement";
import { judgementReason } from "./judgement-reason";
import type { VersionMetrics } from "./version-metrics";

export type { Judgement, RatedMetrics, RuleCheck } from "./judgement";

const rated = (metrics: VersionMetrics): RatedMetrics => ({
  ...metrics,
  errorRate: metrics.requests > 0 ? metrics.errors / metrics.requests : 0,
});

// "May reach" lets the limit itself pass; the tolerance keeps 3/200 from failing a limit of
// 1.5 × 1% only because 1.5 × 0.01 is a hair above 0.015 in floating point.
const within = (value: number, limit: number) => value <= limit * (1 + 1e-9);

function check(rule: string, value: number, limit: number): RuleCheck {
  return { rule, value, limit, passed: within(value, limit) };
}

/**
 * Pure. `stable` undefined = incident mode: only absolute checks (error rate ≤
 * maxErrorRate, enough requests); p99 is compared only when both sides have one.
 * Too few canary requests make it inconclusive whatever the other checks say: a handful of
 * requests proves nothing either way, and the caller reads again at the next interval.
 */
export function judgeCanary(
  canary: VersionMetrics,
  stable: VersionMetrics | undefined,
  rules: AnalysisRules,
): Judgement {
  const ratedCanary = rated(canary);
  const ratedStable = stable === undefined ? undefined : rated(stable);
  const errorRateLimit = ratedStable
    ? Math.max(rules.maxErrorRate, rules.errorRateVsStable * ratedStable.errorRate)
    : rules.maxErrorRate;
  const checks = [
    {
      rule: "minRequests",
      value: canary.requests,
      limit: rules.minRequests,
      passed: canary.requests >= rules.minRequests,
    },
    check("errorRate", ratedCanary.errorRate, errorRateLimit),
  ];
  if (canary.p99Ms !== undefined && stable?.p99Ms !== undefined)
    checks.push(check("p99", canary.p99Ms, rules.p99VsStable * stable.p99Ms));

  const verdict = !checks[0]!.passed
    ? "inconclusive"
    : checks.every((c) => c.passed)
      ? "pass"
      : "fail";
  const judged = { canary: ratedCanary, stable: ratedStable, checks, verdict } as const;
  return {
    verdict,
    canary: ratedCanary,
    ...(ratedStable ? { stable: ratedStable } : {}),
    checks,
    reason: judgementReason(judged, rules),
  };
}
