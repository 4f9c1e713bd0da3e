import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import { holdStep, type StepJudgement } from "../../automation/pipeline/rollout/hold-step";

const inconclusive: StepJudgement = { verdict: "inconclusive", reason: "too few requests" };
const pass: StepJudgement = { verdict: "pass", reason: "within the limits" };
const fail: StepJudgement = { verdict: "fail", reason: "canary error rate 50%" };

/**
 * Holds a one-minute step, looked at every 10 ms and judged every ten minutes, whose
 * judgements come in `order` (the last one repeated).
 */
function hold(order: StepJudgement[], signal = new AbortController().signal) {
  const judged: StepJudgement["verdict"][] = [];
  const reported: string[] = [];
  const ending = holdStep({
    pause: { kind: "timed", ms: 60_000 },
    commands: { read: () => Promise.resolve([]) },
    look: () => Promise.resolve(undefined),
    lookEveryMs: 10,
    judge: () => {
      const judgement = order[Math.min(judged.length, order.length - 1)]!;
      judged.push(judgement.verdict);
      return Promise.resolve(judgement);
    },
    judgeEveryMs: 600_000,
    report: (state, detail) => {
      const judgement = detail.judgement as StepJudgement | undefined;
      reported.push(judgement ? `${state} ${judgement.verdict}` : state);
    },
    signal,
  });
  return { ending, judged, reported };
}

describe("holding a rollout step", () => {
  it("judges a canary too new for a verdict again at each look, and stops at the first failure", async () => {
    const { ending, judged, reported } = hold(
      [inconclusive, inconclusive, inconclusive, fail],
      // Were it judged only each interval, it would hold on: fail instead.
      AbortSignal.timeout(10_000),
    );
    const end = await ending;
    assert.deepEqual(end.next === "stop" && [end.code, end.message], [
      "analysis_failed",
      fail.reason,
    ]);
    assert.deepEqual(judged, ["inconclusive", "inconclusive", "inconclusive", "fail"]);
    assert.deepEqual(
      reported,
      ["waiting", "analysing inconclusive", "analysing fail"],
      "the tries before a verdict are told once",
    );
  });

  it("after a passing verdict waits a whole interval before judging again", async () => {
    const aborting = new AbortController();
    const { ending, judged } = hold([inconclusive, pass], aborting.signal);
    // Many looks go by; the interval of ten minutes does not.
    await sleep(300);
    aborting.abort();
    await assert.rejects(ending, { name: "AbortError" });
    assert.deepEqual(judged, ["inconclusive", "pass"]);
  });
});
