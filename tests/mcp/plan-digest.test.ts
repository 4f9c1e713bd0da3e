import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planDigest, type RollbackPlanView, type RollbackRequest } from "../../mcp/rollback-plan";

const request: RollbackRequest = { stack: "production", services: ["api", "web"] };
const plan: RollbackPlanView = {
  to: 1,
  changes: [
    { service: "api", fromTag: 2, from: "3", to: "2", gitHash: "aaa" },
    { service: "web", fromTag: 2, from: "bbb", to: "aaa", gitHash: "aaa" },
  ],
  unchanged: [],
};

describe("a rollback plan's id", () => {
  it("is the same for the same content, whatever the order of keys", () => {
    const reordered = {
      unchanged: [],
      changes: plan.changes.map(({ gitHash, to, from, fromTag, service }) => ({
        gitHash,
        to,
        from,
        fromTag,
        service,
      })),
      to: 1,
    };
    assert.equal(planDigest(request, reordered), planDigest(request, plan));
    assert.match(planDigest(request, plan), /^plan-[0-9a-f]{32}$/);
  });

  it("changes with anything the rollback would do or leave in place", () => {
    const id = planDigest(request, plan);
    const variants: Array<[string, RollbackRequest, RollbackPlanView]> = [
      ["stack", { ...request, stack: "staging" }, plan],
      ["services", { ...request, services: ["api"] }, plan],
      ["target", request, { ...plan, to: 0 }],
      [
        "a pointer moving from elsewhere",
        request,
        { ...plan, changes: [{ ...plan.changes[0]!, from: "4", fromTag: 3 }, plan.changes[1]!] },
      ],
      ["a change fewer", request, { ...plan, changes: plan.changes.slice(1), unchanged: ["api"] }],
      [
        "infra changes",
        request,
        { ...plan, infraChanges: { files: ["infra/api.ts"], redeploy: "deploy 1" } },
      ],
      ["migrations", request, { ...plan, migrations: [{ tag: 2, files: ["migrations/2.sql"] }] }],
      ["a bad target", request, { ...plan, bad: [{ service: "api", reason: "alarm" }] }],
    ];
    for (const [what, otherRequest, otherPlan] of variants) {
      assert.notEqual(planDigest(otherRequest, otherPlan), id, what);
    }
  });
});
