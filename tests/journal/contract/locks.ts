import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LockHolder, Operation } from "../../../automation/journal/journal";
import { freshStack, newDeploy, type ContractContext } from "./context";

type Begun = { operation: Operation } | { heldBy: LockHolder };

/** Exactly one attempt won, and every other one names it as the holder. */
function oneWinner(attempts: Begun[]): Operation {
  const winners = attempts.flatMap((a) => ("operation" in a ? [a.operation] : []));
  assert.equal(winners.length, 1, "exactly one begin wins");
  const winner = winners[0]!;
  for (const attempt of attempts) {
    if ("heldBy" in attempt) assert.equal(attempt.heldBy.operationId, winner.id);
  }
  return winner;
}

export function locksContract(context: ContractContext): void {
  describe("operations and stack locks", () => {
    it("lets exactly one of 20 concurrent begins on a stack win, naming the holder to the rest", async () => {
      const { journal } = context;
      const stack = freshStack("busy");
      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => journal.beginOperation(newDeploy(stack, `user-${i}`))),
      );
      const winner = oneWinner(attempts);
      const holder = await journal.lockHolder(stack);
      assert.deepEqual(holder, {
        stack,
        operationId: winner.id,
        kind: "deploy",
        requestedBy: winner.requestedBy,
        since: winner.createdAt,
      });
      // Another stack proceeds meanwhile.
      const other = await journal.beginOperation(newDeploy(freshStack("other")));
      assert.ok("operation" in other);
      await journal.finishOperation(other.operation.id, { status: "succeeded" });
      await journal.finishOperation(winner.id, { status: "succeeded" });
      assert.equal(await journal.lockHolder(stack), undefined);
      const next = await journal.beginOperation(newDeploy(stack));
      assert.ok("operation" in next, "the stack is free again");
      await journal.finishOperation(next.operation.id, { status: "succeeded" });
    });

    it("holds a stack's lock across instances: of 20 begins over two, one wins and nothing else is journaled", async () => {
      const first = context.journal;
      const second = await context.open({ instanceId: "second-instance:1:contract" });
      const stack = freshStack("shared");
      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? second : first).beginOperation(newDeploy(stack, `user-${i}`)),
        ),
      );
      const winner = oneWinner(attempts);
      assert.equal((await first.lockHolder(stack))?.operationId, winner.id);
      assert.equal((await second.lockHolder(stack))?.operationId, winner.id);
      const page = await first.listOperations({ stack, limit: 100 });
      assert.deepEqual(
        page.items.map((o) => o.id),
        [winner.id],
        "a refused begin leaves no operation behind",
      );
      // Only the instance that began it finishes it.
      const owner = attempts.findIndex((a) => "operation" in a) % 2 ? second : first;
      const other = owner === first ? second : first;
      assert.equal(
        (await other.finishOperation(winner.id, { status: "succeeded" })).status,
        "running",
      );
      await owner.finishOperation(winner.id, { status: "succeeded" });
      assert.equal(await first.lockHolder(stack), undefined);
    });

    it("answers a begun operation as it reads it back, running and owned by this instance", async () => {
      const { journal } = context;
      const stack = freshStack("read-back");
      const begun = await journal.beginOperation({
        stack,
        kind: "rollback",
        requestedBy: "bob",
        request: { target: 3, nested: { list: [1, "two", null] } },
      });
      assert.ok("operation" in begun);
      const { operation } = begun;
      assert.deepEqual(await journal.getOperation(operation.id), operation);
      assert.equal(operation.status, "running");
      assert.equal(operation.kind, "rollback");
      assert.deepEqual(operation.request, { target: 3, nested: { list: [1, "two", null] } });
      assert.deepEqual(operation.steps, []);
      assert.deepEqual(operation.affectedServices, []);
      assert.equal(operation.rolledBack, false);
      assert.match(operation.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(await journal.getOperation("no-such-operation"), undefined);

      const finished = await journal.finishOperation(operation.id, {
        status: "failed",
        rolledBack: true,
        versions: { api: "7" },
        releaseTag: 7,
        summary: { create: 1 },
        error: { code: "verify_failed", message: "api answered 500" },
      });
      assert.deepEqual(await journal.getOperation(operation.id), finished);
      assert.equal(finished.status, "failed");
      assert.equal(finished.rolledBack, true);
      assert.deepEqual(finished.versions, { api: "7" });
      assert.equal(finished.releaseTag, 7);
      assert.ok(finished.finishedAt && finished.finishedAt >= finished.createdAt);
      assert.equal(await journal.lockHolder(stack), undefined);
    });

    it("records operations that take no lock, and refuses to patch one that does not exist", async () => {
      const { journal } = context;
      const stack = freshStack("unlocked");
      const held = await journal.beginOperation(newDeploy(stack));
      assert.ok("operation" in held);
      const preview = await journal.recordOperation({
        stack,
        kind: "preview",
        requestedBy: "ci",
        request: {},
      });
      assert.equal(preview.status, "running");
      assert.equal((await journal.lockHolder(stack))?.operationId, held.operation.id);
      const done = await journal.finishOperation(preview.id, { status: "succeeded" });
      assert.equal(done.status, "succeeded");
      assert.equal(
        (await journal.lockHolder(stack))?.operationId,
        held.operation.id,
        "finishing an operation that holds no lock frees none",
      );
      await journal.finishOperation(held.operation.id, { status: "cancelled" });
      await assert.rejects(
        journal.updateOperation("no-such-operation", { commit: "abc" }),
        RangeError,
      );
      await assert.rejects(
        journal.finishOperation("no-such-operation", { status: "succeeded" }),
        RangeError,
      );
    });

    it("keeps steps and events of an operation in order", async () => {
      const { journal } = context;
      const op = await journal.recordOperation({
        stack: freshStack("steps"),
        kind: "preview",
        requestedBy: "bob",
        request: { a: 1 },
      });
      await journal.startStep(op.id, "preflight");
      await journal.finishStep(op.id, "preflight", "succeeded", { commit: "abc" });
      await journal.startStep(op.id, "up");
      for (let i = 0; i < 5; i++) await journal.appendEvent(op.id, "engine", { i });
      await journal.updateOperation(op.id, { affectedServices: ["web"], commit: "abc" });
      const running = await journal.getOperation(op.id);
      assert.deepEqual(
        running?.steps.map((s) => [s.name, s.status, s.finishedAt === undefined]),
        [
          ["preflight", "succeeded", false],
          ["up", "running", true],
        ],
      );
      await journal.finishStep(op.id, "up", "failed", { message: "boom" });
      // A step run again is a step of its own; finishing it finishes the newest.
      await journal.startStep(op.id, "up");
      await journal.finishStep(op.id, "up", "skipped");
      const finished = await journal.finishOperation(op.id, {
        status: "failed",
        error: { code: "engine_failed", message: "boom" },
      });
      assert.deepEqual(
        finished.steps.map((s) => [s.name, s.status, s.detail]),
        [
          ["preflight", "succeeded", { commit: "abc" }],
          ["up", "failed", { message: "boom" }],
          ["up", "skipped", undefined],
        ],
      );
      assert.deepEqual(finished.affectedServices, ["web"]);
      assert.equal(finished.commit, "abc");
      assert.deepEqual(finished.request, { a: 1 });
      assert.deepEqual(finished.error, { code: "engine_failed", message: "boom" });
      assert.deepEqual(
        (await journal.listEvents(op.id)).map((e) => [e.seq, e.type, e.data.i]),
        [1, 2, 3, 4, 5].map((seq) => [seq, "engine", seq - 1]),
      );
      assert.deepEqual(
        (await journal.listEvents(op.id, 3)).map((e) => e.seq),
        [4, 5],
      );
    });
  });
}
