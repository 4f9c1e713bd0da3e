import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { freshStack, refusedAsDuplicate, sleep, type ContractContext } from "./context";

export function recordsContract(context: ContractContext): void {
  describe("invalidations, outputs and webhook deliveries", () => {
    it("keeps invalidations by idempotency key and by id, one per key", async () => {
      const { journal } = context;
      const stack = freshStack("inv");
      const record = {
        stack,
        id: "I2J0",
        idempotencyKey: "k-1",
        distributionId: "E1",
        paths: ["/", "/assets/*"],
        requestedBy: "ci",
        createdAt: new Date().toISOString(),
      };
      await journal.saveInvalidation(record);
      assert.deepEqual(await journal.findInvalidation(stack, { idempotencyKey: "k-1" }), record);
      assert.deepEqual(await journal.findInvalidation(stack, { id: "I2J0" }), record);
      assert.equal(await journal.findInvalidation(freshStack("other"), { id: "I2J0" }), undefined);
      assert.equal(await journal.findInvalidation(stack, { idempotencyKey: "k-2" }), undefined);
      await assert.rejects(
        journal.saveInvalidation({ ...record, id: "I3" }),
        refusedAsDuplicate,
        "one per key",
      );
      await assert.rejects(
        journal.saveInvalidation({ ...record, idempotencyKey: "k-2" }),
        refusedAsDuplicate,
        "one per id",
      );
      // The same key on another stack is another invalidation.
      const elsewhere = { ...record, stack: freshStack("inv-other") };
      await journal.saveInvalidation(elsewhere);
      assert.deepEqual(await journal.findInvalidation(elsewhere.stack, { id: "I2J0" }), elsewhere);
    });

    it("keeps the outputs of a stack's last engine run", async () => {
      const { journal } = context;
      const stack = freshStack("outputs");
      assert.equal(await journal.recordedOutputs(stack), undefined);
      const before = new Date().toISOString();
      await journal.recordOutputs(stack, { url: "https://x.example", nested: { n: 1 } });
      const first = await journal.recordedOutputs(stack);
      assert.deepEqual(first?.outputs, { url: "https://x.example", nested: { n: 1 } });
      assert.ok(first && first.recordedAt >= before);
      await sleep(2);
      await journal.recordOutputs(stack, { url: "https://y.example" });
      const second = await journal.recordedOutputs(stack);
      assert.deepEqual(second?.outputs, { url: "https://y.example" }, "replaced, not merged");
      assert.ok(second && second.recordedAt > first.recordedAt);
    });

    it("records webhook deliveries pending, then each attempt, in the order they were queued", async () => {
      const { journal } = context;
      const op = await journal.recordOperation({
        stack: freshStack("hooks"),
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      const queued = ["chat", "pager", "audit"].map((webhook) => ({
        id: randomUUID(),
        operationId: op.id,
        event: "deploy.succeeded",
        webhook,
        target: `https://${webhook}.example`,
      }));
      for (const delivery of queued) await journal.recordWebhookDelivery(delivery);
      const pending = await journal.webhookDeliveries(op.id);
      assert.deepEqual(
        pending.map(({ createdAt, updatedAt, ...rest }) => {
          assert.equal(createdAt, updatedAt);
          return rest;
        }),
        queued.map((delivery) => ({ ...delivery, state: "pending", attempts: 0 })),
      );
      const [chat, pager, audit] = queued.map((delivery) => delivery.id) as [
        string,
        string,
        string,
      ];
      await journal.updateWebhookDelivery(pager, {
        state: "pending",
        attempts: 1,
        lastStatus: 500,
      });
      await journal.updateWebhookDelivery(chat, {
        state: "delivered",
        attempts: 1,
        lastStatus: 204,
      });
      await journal.updateWebhookDelivery(audit, {
        state: "failed",
        attempts: 3,
        lastError: "timed out after 10000 ms",
      });
      const after = await journal.webhookDeliveries(op.id);
      assert.deepEqual(
        after.map((d) => [d.webhook, d.state, d.attempts, d.lastStatus, d.lastError]),
        [
          ["chat", "delivered", 1, 204, undefined],
          ["pager", "pending", 1, 500, undefined],
          ["audit", "failed", 3, undefined, "timed out after 10000 ms"],
        ],
      );
      const byName = new Map(after.map((d) => [d.webhook, d]));
      assert.equal(
        byName.get("pager")?.finishedAt,
        undefined,
        "a pending delivery is not finished",
      );
      assert.equal(byName.get("chat")?.finishedAt, byName.get("chat")?.updatedAt);
      assert.ok(byName.get("audit")?.finishedAt);
      assert.ok(!("lastStatus" in byName.get("audit")!), "absent, not undefined");
      assert.deepEqual(await journal.webhookDeliveries("no-such-operation"), []);
    });
  });
}
