import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Judgement } from "../../automation/analysis/judge-canary";
import { judgeOrUnread } from "../../automation/pipeline/rollout/judge-or-unread";

const throttled = () => Promise.reject(new Error("Rate exceeded"));

describe("a judgement whose metrics could not be read", () => {
  it("is inconclusive and says why, so the hold judges again at its next look", async () => {
    const judgement = await judgeOrUnread(throttled, new AbortController().signal)(new Date());
    assert.equal(judgement.verdict, "inconclusive");
    assert.equal(judgement.reason, "the canary's metrics could not be read: Rate exceeded");
  });

  it("passes a read judgement through, and a cancel's error on", async () => {
    const pass: Judgement = {
      verdict: "pass",
      canary: { requests: 10, errors: 0, errorRate: 0 },
      checks: [],
      reason: "within the limits",
    };
    const signal = new AbortController().signal;
    assert.deepEqual(await judgeOrUnread(() => Promise.resolve(pass), signal)(new Date()), pass);
    const cancelled = new AbortController();
    cancelled.abort();
    await assert.rejects(judgeOrUnread(throttled, cancelled.signal)(new Date()), /Rate exceeded/);
  });
});
