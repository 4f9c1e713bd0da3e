import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BadRelease, Operation } from "../../automation/journal/journal";
import { noticesFor } from "../../automation/webhooks/webhook-payload";

const deploy = (patch: Partial<Operation> = {}): Operation => ({
  id: "6f1c1f59-5c38-4d4e-9d4e-0b4bb3a1f001",
  stack: "production",
  kind: "deploy",
  status: "succeeded",
  requestedBy: "ci",
  request: {},
  createdAt: "2026-01-05T10:00:00.000Z",
  finishedAt: "2026-01-05T10:02:30.000Z",
  steps: [
    {
      name: "up",
      status: "succeeded",
      startedAt: "2026-01-05T10:00:10.000Z",
      finishedAt: "2026-01-05T10:01:10.000Z",
    },
  ],
  affectedServices: ["api", "web"],
  rolledBack: false,
  ...patch,
});

const mark = (tag: number, service: BadRelease["service"], operationId: string): BadRelease => ({
  stack: "production",
  tag,
  service,
  at: "2026-01-05T10:02:00.000Z",
  by: "ci",
  reason: "alarm fd-api-errors in ALARM",
  operationId,
});

/** What each ending tells webhooks, in words and in the summary. */
describe("webhook payloads", () => {
  it("summarizes the operation: durations, steps, a link to its page", () => {
    const [notice] = noticesFor(deploy({ releaseTag: 18 }), []);
    assert.equal(notice?.event, "deploy.succeeded");
    assert.equal(notice?.text, "flightdeck: deploy #18 of production succeeded (api, web) by ci");
    assert.equal(notice?.operation.durationMs, 150_000);
    assert.deepEqual(notice?.operation.steps, [
      { name: "up", status: "succeeded", durationMs: 60_000 },
    ]);
    assert.equal(notice?.operation.link, "/deployments/6f1c1f59-5c38-4d4e-9d4e-0b4bb3a1f001");
  });

  it("carries a rollout's detail, its last judgement's numbers included", () => {
    const judgement = { verdict: "pass", reason: "canary error rate 0.5% (1/200) within 1.5%" };
    const [notice] = noticesFor(
      deploy({
        steps: [
          {
            name: "rollout",
            status: "succeeded",
            startedAt: "2026-01-05T10:01:10.000Z",
            finishedAt: "2026-01-05T10:02:10.000Z",
            detail: { service: "api", steps: [10, 100], reached: 100, judgement },
          },
        ],
      }),
      [],
    );
    assert.deepEqual(notice?.operation.steps, [
      {
        name: "rollout",
        status: "succeeded",
        durationMs: 60_000,
        detail: { service: "api", steps: [10, 100], reached: 100, judgement },
      },
    ]);
  });

  it("a deploy that rolled back: its ending, then each release it marked bad, once per tag", () => {
    const operation = deploy({
      status: "failed",
      rolledBack: true,
      releaseTag: 19,
      error: { code: "alarm", message: "release 19: alarm <fd-api-errors> in ALARM" },
    });
    const bad = [
      mark(19, "api", operation.id),
      mark(19, "web", operation.id),
      mark(12, "mcp", "an-earlier-operation"),
    ];
    const notices = noticesFor(operation, bad);
    assert.deepEqual(
      notices.map((n) => n.event),
      ["deploy.rolled_back", "release.marked_bad"],
    );
    assert.equal(
      notices[0]?.text,
      "flightdeck: deploy #19 of production failed and was rolled back (api, web) by ci: release 19: alarm &lt;fd-api-errors&gt; in ALARM",
    );
    assert.deepEqual(notices[1]?.release, {
      tag: 19,
      services: ["api", "web"],
      reason: "alarm fd-api-errors in ALARM",
      by: "ci",
      at: "2026-01-05T10:02:00.000Z",
    });
    assert.equal(
      notices[1]?.text,
      "flightdeck: release #19 of production marked bad (api, web) by ci: alarm fd-api-errors in ALARM",
    );
  });

  it("names rollbacks by their target and says when an operation was cancelled", () => {
    const rollback = deploy({ kind: "rollback", releaseTag: 17, affectedServices: ["api"] });
    assert.equal(
      noticesFor(rollback, [])[0]?.text,
      "flightdeck: rollback of production to #17 succeeded (api) by ci",
    );
    const cancelled = deploy({
      status: "cancelled",
      affectedServices: [],
      error: { code: "cancelled", message: "the operation was cancelled" },
    });
    assert.equal(
      noticesFor(cancelled, [])[0]?.text,
      "flightdeck: deploy of production was cancelled by ci",
    );
    assert.deepEqual(noticesFor(deploy({ kind: "preview" }), []), []);
  });
});
