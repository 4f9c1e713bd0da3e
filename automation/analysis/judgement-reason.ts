import type { AnalysisRules } from "./analysis-rules";
import type { Judgement } from "./judgement";

/** A measured rate: one decimal, more only for a rate too small to show in one. */
function percent(rate: number): string {
  const value = rate * 100;
  return value > 0 && value < 0.1 ? `${Number(value.toPrecision(2))}%` : `${value.toFixed(1)}%`;
}

/** A configured rate, as it was written: 0.01 is "1%". */
const configured = (rate: number) => `${Number((rate * 100).toPrecision(6))}%`;

const ms = (value: number) => `${Number(value.toFixed(value < 10 ? 1 : 0))} ms`;

function describe(
  check: Judgement["checks"][number],
  judged: Omit<Judgement, "reason">,
  rules: AnalysisRules,
): string {
  const { canary, stable } = judged;
  const side = check.passed ? "within" : "above";
  if (check.rule === "p99")
    return `canary p99 ${ms(check.value)} ${side} the limit ${ms(check.limit)} (${rules.p99VsStable} × stable's ${ms(stable?.p99Ms ?? 0)})`;
  const basis = stable
    ? `max of ${configured(rules.maxErrorRate)} and ${rules.errorRateVsStable} × stable's ${percent(stable.errorRate)}`
    : "maxErrorRate; during an incident the canary is judged on its own metrics";
  return `canary error rate ${percent(canary.errorRate)} (${canary.errors}/${canary.requests}) ${side} the limit ${percent(check.limit)} (${basis})`;
}

/**
 * One sentence with the numbers: for a failure the rules it broke, for a pass every rule
 * it met, for no verdict how many requests there were against how many are needed.
 */
export function judgementReason(judged: Omit<Judgement, "reason">, rules: AnalysisRules): string {
  if (judged.verdict === "inconclusive")
    return `canary served ${judged.canary.requests} requests, fewer than the ${rules.minRequests} needed for a verdict`;
  const shown = judged.checks.filter(
    (check) => check.rule !== "minRequests" && check.passed === (judged.verdict === "pass"),
  );
  return shown.map((check) => describe(check, judged, rules)).join(" and ");
}
