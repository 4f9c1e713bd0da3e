import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LiveService } from "../../../automation/domain/live-state";
import { freshStack, newDeploy, sleep, type ContractContext } from "./context";

const target: LiveService = { gitHash: "h1", pointer: "1", tag: 1 };
const leaseLost = { code: "lease_lost", name: "LeaseLostError" };

export function fencingContract(context: ContractContext): void {
  describe("fencing by lease epoch", () => {
    it("refuses every write of an owner whose operation was claimed since, and takes the claimer's", async () => {
      const { journal } = context;
      const owner = await context.open({ instanceId: "another-host-fenced:1:abcd1234" });
      const stack = freshStack("fenced");
      const begun = await owner.beginOperation(newDeploy(stack));
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      await owner.startStep(id, "up");
      const intent = {
        operationId: id,
        stack,
        service: "api" as const,
        from: "0",
        to: "1",
        target,
      };
      const move = await owner.openPointerMove(intent);
      await sleep(30);
      assert.ok((await journal.claimExpired(20)).some((o) => o.id === id));

      await assert.rejects(owner.startStep(id, "verify"), leaseLost);
      await assert.rejects(owner.finishStep(id, "up", "succeeded"), leaseLost);
      await assert.rejects(owner.appendEvent(id, "log", { message: "late" }), leaseLost);
      await assert.rejects(
        owner.appendEvents(id, [{ type: "engine", data: { kind: "late" } }]),
        leaseLost,
      );
      await assert.rejects(owner.updateOperation(id, { commit: "late" }), leaseLost);
      await assert.rejects(owner.openPointerMove(intent), leaseLost);
      await assert.rejects(owner.settlePointerMove(move, { moved: false }), leaseLost);
      const untouched = await journal.getOperation(id);
      assert.equal(untouched?.commit, undefined);
      assert.deepEqual(
        untouched?.steps.map((s) => [s.name, s.status]),
        [["up", "running"]],
      );
      assert.deepEqual(await journal.listEvents(id), []);
      assert.equal((await journal.pointerMoves(id))[0]?.state, "open");

      // The claimer writes as the owner it now is.
      await journal.appendEvent(id, "log", { message: "recovery" });
      await journal.settlePointerMove(move, { moved: false });
      assert.equal((await journal.settleInterrupted(id))?.status, "interrupted");
      assert.equal(
        (await owner.finishOperation(id, { status: "succeeded" })).status,
        "interrupted",
      );
    });

    it("lets an operation's owner write until it ends, and a second claim fence out the first claimer", async () => {
      const owner = await context.open({ instanceId: "another-host-twice:1:abcd1234" });
      const first = await context.open();
      const second = await context.open();
      const begun = await owner.beginOperation(newDeploy(freshStack("twice")));
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      await owner.appendEvent(id, "log", { message: "mine" });
      await sleep(30);
      assert.ok((await first.claimExpired(20)).some((o) => o.id === id));
      await first.appendEvent(id, "log", { message: "recovering" });
      // The first claimer stalls past its lease in turn.
      await sleep(30);
      assert.ok((await second.claimExpired(20)).some((o) => o.id === id));
      await assert.rejects(first.appendEvent(id, "log", { message: "stale" }), leaseLost);
      assert.equal(await first.settleInterrupted(id), undefined);
      assert.equal((await second.settleInterrupted(id))?.status, "interrupted");
      assert.deepEqual(
        (await second.listEvents(id)).map((e) => e.data.message ?? e.data.status),
        ["mine", "recovering", "interrupted"],
      );
    });
  });
}
