import type { VersionMetrics } from "./version-metrics";

export interface RuleCheck {
  /** `minRequests`, `errorRate` or `p99`. */
  rule: string;
  value: number;
  limit: number;
  passed: boolean;
}

/** A version's metrics with its error rate (errors / requests, 0 without requests). */
export type RatedMetrics = VersionMetrics & { errorRate: number };

export interface Judgement {
  verdict: "pass" | "fail" | "inconclusive";
  canary: RatedMetrics;
  /** Absent when judged during an incident: the canary on its own metrics only. */
  stable?: RatedMetrics;
  checks: RuleCheck[];
  /** One sentence with the numbers, fit to be a bad release's reason, e.g. "canary error rate 4.0% (8/200) above the limit 1.5% (max of 1% and 1.5 × stable's 1.0%)". */
  reason: string;
}
