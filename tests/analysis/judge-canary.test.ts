import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultAnalysisRules as rules } from "../../automation/analysis/analysis-rules";
import { judgeCanary } from "../../automation/analysis/judge-canary";

const stable = { requests: 800, errors: 8, p99Ms: 100 };

describe("judging a canary against the stable version", () => {
  it("passes a healthy canary, saying what it met", () => {
    const judgement = judgeCanary({ requests: 200, errors: 2, p99Ms: 110 }, stable, rules);
    assert.equal(judgement.verdict, "pass");
    assert.deepEqual(
      judgement.checks.map((check) => [check.rule, check.passed]),
      [
        ["minRequests", true],
        ["errorRate", true],
        ["p99", true],
      ],
    );
    assert.equal(judgement.canary.errorRate, 0.01);
    assert.equal(judgement.stable?.errorRate, 0.01);
    assert.equal(
      judgement.reason,
      "canary error rate 1.0% (2/200) within the limit 1.5% (max of 1% and 1.5 × stable's 1.0%) and canary p99 110 ms within the limit 120 ms (1.2 × stable's 100 ms)",
    );
  });

  it("fails a canary whose error rate exceeds 1.5 × the stable's, with the numbers", () => {
    const judgement = judgeCanary({ requests: 200, errors: 8, p99Ms: 90 }, stable, rules);
    assert.equal(judgement.verdict, "fail");
    const errorRate = judgement.checks.find((check) => check.rule === "errorRate");
    assert.deepEqual(errorRate, { rule: "errorRate", value: 0.04, limit: 0.015, passed: false });
    assert.equal(
      judgement.reason,
      "canary error rate 4.0% (8/200) above the limit 1.5% (max of 1% and 1.5 × stable's 1.0%)",
    );
  });

  it("lets the canary reach maxErrorRate when the stable version has fewer errors", () => {
    const quiet = { requests: 1000, errors: 0 };
    assert.equal(judgeCanary({ requests: 100, errors: 1 }, quiet, rules).verdict, "pass");
    assert.equal(judgeCanary({ requests: 100, errors: 2 }, quiet, rules).verdict, "fail");
  });

  it("passes a canary exactly at its limit", () => {
    // 3/200 is 1.5 %, the limit 1.5 × 1 %: "may reach".
    assert.equal(judgeCanary({ requests: 200, errors: 3 }, stable, rules).verdict, "pass");
    assert.equal(judgeCanary({ requests: 200, errors: 4 }, stable, rules).verdict, "fail");
  });

  it("fails a canary slower than 1.2 × the stable's p99", () => {
    const judgement = judgeCanary({ requests: 200, errors: 0, p99Ms: 250 }, stable, rules);
    assert.equal(judgement.verdict, "fail");
    assert.equal(
      judgement.reason,
      "canary p99 250 ms above the limit 120 ms (1.2 × stable's 100 ms)",
    );
  });

  it("compares p99 only when both sides have one", () => {
    const withoutStableP99 = judgeCanary(
      { requests: 200, errors: 0, p99Ms: 9000 },
      { requests: 800, errors: 8 },
      rules,
    );
    assert.equal(withoutStableP99.verdict, "pass");
    assert.equal(
      withoutStableP99.checks.some((check) => check.rule === "p99"),
      false,
    );
  });

  it("gives no verdict on too few requests, whatever they show", () => {
    const judgement = judgeCanary({ requests: 10, errors: 5 }, stable, rules);
    assert.equal(judgement.verdict, "inconclusive");
    assert.deepEqual(judgement.checks[0], {
      rule: "minRequests",
      value: 10,
      limit: 50,
      passed: false,
    });
    assert.equal(
      judgement.reason,
      "canary served 10 requests, fewer than the 50 needed for a verdict",
    );
    assert.equal(judgeCanary({ requests: 0, errors: 0 }, stable, rules).verdict, "inconclusive");
  });

  it("during an incident judges the canary on its own metrics only", () => {
    const failingStable = { requests: 1000, errors: 100, p99Ms: 100 };
    const canary = { requests: 200, errors: 3, p99Ms: 5000 };
    // Against a stable version at 10 %, 1.5 % passes and the p99 fails...
    const compared = judgeCanary(canary, failingStable, rules);
    assert.deepEqual(
      compared.checks.map((check) => check.passed),
      [true, true, false],
    );
    // ...during the incident only maxErrorRate counts, and there is no p99 to compare.
    const judgement = judgeCanary(canary, undefined, rules);
    assert.equal(judgement.verdict, "fail");
    assert.equal(judgement.stable, undefined);
    assert.deepEqual(
      judgement.checks.map((check) => check.rule),
      ["minRequests", "errorRate"],
    );
    assert.equal(
      judgement.reason,
      "canary error rate 1.5% (3/200) above the limit 1.0% (maxErrorRate; during an incident the canary is judged on its own metrics)",
    );
    assert.equal(judgeCanary({ requests: 200, errors: 2 }, undefined, rules).verdict, "pass");
  });

  it("follows the rules it is given", () => {
    const strict = { ...rules, maxErrorRate: 0, errorRateVsStable: 1, minRequests: 1 };
    assert.equal(judgeCanary({ requests: 1, errors: 0 }, stable, strict).verdict, "pass");
    assert.equal(judgeCanary({ requests: 100, errors: 2 }, stable, strict).verdict, "fail");
  });
});
