import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freshStack, newDeploy, type ContractContext } from "./context";

export function rolloutCommandsContract(context: ContractContext): void {
  describe("rollout commands", () => {
    it("numbers the commands asked of any instance per operation, for the rollout to read after a seq", async () => {
      const { journal } = context;
      const owner = await context.open();
      const begun = await owner.beginOperation(newDeploy(freshStack("rolling-out")));
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      assert.deepEqual(await owner.rolloutCommands(id, 0), [], "nobody asked yet");

      const pause = await journal.requestRolloutCommand(id, {
        kind: "pause",
        by: "bob",
        reason: "the error budget is spent",
      });
      assert.equal(pause.operationId, id);
      assert.equal(pause.seq, 1);
      assert.equal(pause.full, false);
      assert.ok(!Number.isNaN(Date.parse(pause.at)), pause.at);
      const promote = await owner.requestRolloutCommand(id, {
        kind: "promote",
        full: true,
        by: "carol",
      });
      assert.deepEqual(
        { seq: promote.seq, kind: promote.kind, full: promote.full, by: promote.by },
        { seq: 2, kind: "promote", full: true, by: "carol" },
      );
      assert.equal("reason" in promote, false, "no reason was given");
      const abort = await journal.requestRolloutCommand(id, {
        kind: "abort",
        full: true,
        by: "dave",
      });
      assert.equal(abort.full, false, "only a promote goes straight to 100 %");

      assert.deepEqual(await owner.rolloutCommands(id, 0), [pause, promote, abort]);
      assert.deepEqual(await journal.rolloutCommands(id, 1), [promote, abort]);
      assert.deepEqual(await owner.rolloutCommands(id, 3), []);
      await owner.finishOperation(id, { status: "succeeded" });
    });

    it("keeps each operation's seqs apart, and gives instances asking at once seqs of their own", async () => {
      const { journal } = context;
      const other = await context.open();
      const first = await journal.beginOperation(newDeploy(freshStack("first")));
      const second = await journal.beginOperation(newDeploy(freshStack("second")));
      assert.ok("operation" in first && "operation" in second);
      const asked = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? other : journal).requestRolloutCommand(first.operation.id, {
            kind: "resume",
            by: `user-${i}`,
          }),
        ),
      );
      assert.deepEqual(
        asked.map((command) => command.seq).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6],
      );
      const read = await other.rolloutCommands(first.operation.id, 0);
      assert.deepEqual(
        read.map((command) => command.seq),
        [1, 2, 3, 4, 5, 6],
      );
      const own = await other.requestRolloutCommand(second.operation.id, {
        kind: "pause",
        by: "erin",
      });
      assert.equal(own.seq, 1, "another operation counts from 1");
      for (const { operation } of [first, second]) {
        await journal.finishOperation(operation.id, { status: "succeeded" });
      }
    });

    it("refuses a command for an operation it does not know", async () => {
      await assert.rejects(
        context.journal.requestRolloutCommand("no-such-operation", { kind: "pause", by: "bob" }),
        RangeError,
      );
      assert.deepEqual(await context.journal.rolloutCommands("no-such-operation", 0), []);
    });
  });
}
