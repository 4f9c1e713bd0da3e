import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freshStack, newDeploy, sleep, type ContractContext } from "./context";

/** Owners on another host: never known gone from here, so only their lease decides. */
const remoteOwner = (name: string) => `another-host-${name}:1:abcd1234`;

export function leasesContract(context: ContractContext): void {
  describe("leases and recovery", () => {
    it("leaves a live owner's operation alone, takes it over once its lease lapsed, and never lets the old owner overwrite that", async () => {
      const { journal } = context;
      const owner = await context.open({ instanceId: remoteOwner("lease") });
      const stack = freshStack("leased");
      const begun = await owner.beginOperation(newDeploy(stack));
      assert.ok("operation" in begun);
      const id = begun.operation.id;
      assert.ok(
        !(await journal.claimExpired(60_000)).some((o) => o.id === id),
        "a fresh lease is respected",
      );
      assert.equal(
        await journal.settleInterrupted(id),
        undefined,
        "only a claimed operation is settled",
      );
      await sleep(30);
      assert.deepEqual(await owner.heartbeat([id]), [], "the owner still owns it");
      assert.ok(!(await journal.claimExpired(60_000)).some((o) => o.id === id));
      await sleep(30);
      const claimed = (await journal.claimExpired(20)).find((o) => o.id === id);
      assert.equal(claimed?.status, "running", "claimed, still running under its new owner");
      assert.equal(
        (await journal.lockHolder(stack))?.operationId,
        id,
        "and still holding the stack",
      );
      assert.equal(
        (await owner.finishOperation(id, { status: "succeeded" })).status,
        "running",
        "the old owner can no longer finish it",
      );
      const settled = await journal.settleInterrupted(id);
      assert.equal(settled?.status, "interrupted");
      assert.equal(settled?.error?.code, "interrupted");
      assert.deepEqual(
        await owner.heartbeat([id]),
        [id],
        "the old owner learns it lost the operation",
      );
      const late = await owner.finishOperation(id, { status: "succeeded" });
      assert.equal(
        late.status,
        "interrupted",
        "its late outcome does not overwrite the recovery's",
      );
      assert.equal(await journal.lockHolder(stack), undefined);
      assert.equal(await journal.settleInterrupted(id), undefined, "settled once");
    });

    it("settles a claimed operation: running steps cancelled, a final status event, the stack free", async () => {
      const { journal } = context;
      const owner = await context.open({ instanceId: remoteOwner("settle") });
      const stack = freshStack("crashy");
      const begun = await owner.beginOperation(newDeploy(stack, "child"));
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      await owner.startStep(id, "preflight");
      await owner.finishStep(id, "preflight", "succeeded");
      await owner.startStep(id, "up");
      await owner.appendEvent(id, "engine", { kind: "resource-started" });
      assert.ok("heldBy" in (await journal.beginOperation(newDeploy(stack))), "still held");
      await sleep(25);
      assert.ok((await journal.claimExpired(20)).some((o) => o.id === id));
      const settled = await journal.settleInterrupted(id);
      assert.deepEqual(settled, await journal.getOperation(id));
      assert.equal(settled?.requestedBy, "child");
      assert.ok(settled?.finishedAt);
      assert.deepEqual(
        settled?.steps.map((s) => [s.name, s.status, s.finishedAt !== undefined]),
        [
          ["preflight", "succeeded", true],
          ["up", "cancelled", true],
        ],
      );
      // Its events end like any finished operation's: with the final status.
      const events = await journal.listEvents(id);
      assert.deepEqual(
        events.map((e) => [e.seq, e.type, e.data.status]),
        [
          [1, "engine", undefined],
          [2, "status", "interrupted"],
        ],
      );
      assert.deepEqual(events[1]?.data.error, settled?.error);
      const next = await journal.beginOperation(newDeploy(stack));
      assert.ok("operation" in next, "the next operation runs");
      await journal.finishOperation(next.operation.id, { status: "succeeded" });
    });

    it("lets exactly one of two instances claiming at once take an expired operation", async () => {
      const owner = await context.open({ instanceId: remoteOwner("race") });
      const rivals = await Promise.all([context.open(), context.open()]);
      const begun = await owner.beginOperation(newDeploy(freshStack("raced")));
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      await sleep(25);
      const claims = await Promise.all(rivals.map((rival) => rival.claimExpired(20)));
      const winners = claims.filter((claimed) => claimed.some((o) => o.id === id));
      assert.equal(winners.length, 1, "claimed by exactly one");
      const winner = rivals[claims.indexOf(winners[0]!)]!;
      const loser = rivals.find((rival) => rival !== winner)!;
      assert.equal(await loser.settleInterrupted(id), undefined);
      assert.equal((await winner.settleInterrupted(id))?.status, "interrupted");
    });

    it("renews every lease of an instance with one heartbeat, and answers only the operations it lost", async () => {
      const { journal } = context;
      const owner = await context.open({ instanceId: remoteOwner("beat") });
      const begin = async (label: string) => {
        const begun = await owner.beginOperation(newDeploy(freshStack(label)));
        assert.ok("operation" in begun);
        return begun.operation.id;
      };
      const lost = [await begin("beat-a"), await begin("beat-b")];
      // Unrenewed, both would be 300 ms old; renewed, the claim finds them far younger
      // than its 200 ms (a margin for a loaded machine).
      await sleep(300);
      assert.deepEqual(await owner.heartbeat(lost), []);
      const early = await journal.claimExpired(200);
      assert.ok(!early.some((o) => lost.includes(o.id)), "both leases were renewed");
      await sleep(60);
      const claimed = (await journal.claimExpired(50)).map((o) => o.id);
      assert.ok(
        lost.every((id) => claimed.includes(id)),
        "both lapsed",
      );
      const kept = await begin("beat-c");
      assert.deepEqual(await owner.heartbeat([...lost, kept, "not-running-here"]), [
        ...lost,
        "not-running-here",
      ]);
      for (const id of lost) await journal.settleInterrupted(id);
      await owner.finishOperation(kept, { status: "succeeded" });
    });
  });
}
