import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OperationEventView } from "../../client/types";
import { emptyProgress, foldEvents } from "../../dashboard/src/model/operation-progress";
import { pausedMs, waitLeftMs } from "../../dashboard/src/model/rollout-progress";

let seq = 0;
const log = (at: string, data: Record<string, unknown>): OperationEventView => ({
  operationId: "op",
  seq: ++seq,
  at,
  type: "log",
  data,
});
const rollout = (at: string, data: Record<string, unknown>) =>
  log(at, { kind: "rollout", service: "api", steps: 3, ...data });

describe("the dashboard's reading of a rollout", () => {
  it("keeps each service's newest rollout event and its last judgement, apart from plain logs", () => {
    const judgement = {
      verdict: "pass",
      reason: "error rate within limits",
      checks: [
        { rule: "error-rate", value: 0.2, limit: 1, passed: true },
        { rule: "broken", value: "high" },
      ],
    };
    const progress = foldEvents(emptyProgress, [
      rollout("2026-12-05T10:00:00.000Z", { step: 1, weight: 5, state: "moving" }),
      rollout("2026-12-05T10:01:00.000Z", { step: 1, weight: 5, state: "analysing", judgement }),
      log("2026-12-05T10:01:30.000Z", { message: "a plain line" }),
      rollout("2026-12-05T10:02:00.000Z", {
        step: 2,
        weight: 25,
        state: "paused",
        pausedSince: "2026-12-05T10:02:00.000Z",
        command: { kind: "pause", by: "ci", reason: "look closer" },
      }),
      { ...rollout("2026-12-05T10:02:00.000Z", {}), data: { kind: "rollout", service: "mcp" } },
      rollout("2026-12-05T10:02:10.000Z", {
        service: "mcp",
        step: 1,
        weight: 50,
        state: "waiting",
        waitUntil: "2026-12-05T10:07:10.000Z",
      }),
    ]);
    assert.deepEqual(progress.logs, [{ at: "2026-12-05T10:01:30.000Z", message: "a plain line" }]);
    assert.deepEqual(
      progress.rollouts.map((one) => [
        one.service,
        one.latest.step,
        one.latest.weight,
        one.latest.state,
      ]),
      [
        ["api", 2, 25, "paused"],
        ["mcp", 1, 50, "waiting"],
      ],
      "one per service; a malformed event is left out",
    );
    const [api, mcp] = progress.rollouts;
    assert.ok(api && mcp);
    assert.equal(api.judgement?.verdict, "pass", "the judgement outlives the events without one");
    assert.deepEqual(api.judgement?.checks, [
      { rule: "error-rate", value: 0.2, limit: 1, passed: true },
    ]);
    assert.deepEqual(api.latest.command, { kind: "pause", by: "ci", reason: "look closer" });
    const now = Date.parse("2026-12-05T10:06:00.000Z");
    assert.equal(pausedMs(api, now), 4 * 60_000, "paused four minutes by now");
    assert.equal(waitLeftMs(api, now), undefined);
    assert.equal(waitLeftMs(mcp, now), 70_000);
    assert.equal(pausedMs(mcp, now), undefined);
  });
});
