import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RolloutCommand } from "../../../automation/domain/rollout-command";
import type { Journal } from "../../../automation/journal/journal";
import { freshStack, newDeploy, sleep, type ContractContext } from "./context";

/** A deploy of a fresh stack whose rollout step runs: its id. */
async function rollingOut(journal: Journal, label: string): Promise<string> {
  const begun = await journal.beginOperation(newDeploy(freshStack(label)));
  assert.ok("operation" in begun);
  await journal.startStep(begun.operation.id, "rollout");
  return begun.operation.id;
}

/** A command the journal took. */
async function taken(asked: Promise<RolloutCommand | undefined>): Promise<RolloutCommand> {
  const command = await asked;
  assert.ok(command, "the rollout step runs: the command is taken");
  return command;
}

export function rolloutCommandsContract(context: ContractContext): void {
  describe("rollout commands", () => {
    it("numbers the commands asked of any instance per operation, for the rollout to read after a seq", async () => {
      const { journal } = context;
      const owner = await context.open();
      const id = await rollingOut(owner, "rolling-out");
      assert.deepEqual(await owner.rolloutCommands(id, 0), [], "nobody asked yet");

      const pause = await taken(
        journal.requestRolloutCommand(id, {
          kind: "pause",
          by: "bob",
          reason: "the error budget is spent",
        }),
      );
      assert.equal(pause.operationId, id);
      assert.equal(pause.seq, 1);
      assert.equal(pause.full, false);
      assert.ok(!Number.isNaN(Date.parse(pause.at)), pause.at);
      const promote = await taken(
        owner.requestRolloutCommand(id, { kind: "promote", full: true, by: "carol" }),
      );
      assert.deepEqual(
        { seq: promote.seq, kind: promote.kind, full: promote.full, by: promote.by },
        { seq: 2, kind: "promote", full: true, by: "carol" },
      );
      assert.equal("reason" in promote, false, "no reason was given");
      const abort = await taken(
        journal.requestRolloutCommand(id, { kind: "abort", full: true, by: "dave" }),
      );
      assert.equal(abort.full, false, "only a promote goes straight to 100 %");

      assert.deepEqual(await owner.rolloutCommands(id, 0), [pause, promote, abort]);
      assert.deepEqual(await journal.rolloutCommands(id, 1), [promote, abort]);
      assert.deepEqual(await owner.rolloutCommands(id, 3), []);
      await owner.finishOperation(id, { status: "succeeded" });
    });

    it("keeps each operation's seqs apart, and gives instances asking at once seqs of their own", async () => {
      const { journal } = context;
      const other = await context.open();
      const first = await rollingOut(journal, "first");
      const second = await rollingOut(journal, "second");
      const asked = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          taken(
            (i % 2 ? other : journal).requestRolloutCommand(first, {
              kind: "resume",
              by: `user-${i}`,
            }),
          ),
        ),
      );
      assert.deepEqual(
        asked.map((command) => command.seq).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6],
      );
      const read = await other.rolloutCommands(first, 0);
      assert.deepEqual(
        read.map((command) => command.seq),
        [1, 2, 3, 4, 5, 6],
      );
      const own = await taken(other.requestRolloutCommand(second, { kind: "pause", by: "erin" }));
      assert.equal(own.seq, 1, "another operation counts from 1");
      for (const id of [first, second]) {
        await journal.finishOperation(id, { status: "succeeded" });
      }
    });

    it("takes commands only while the operation's rollout step runs", async () => {
      const { journal } = context;
      const begun = await journal.beginOperation(newDeploy(freshStack("steps")));
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      const ask = () => journal.requestRolloutCommand(id, { kind: "pause", by: "bob" });
      assert.equal(await ask(), undefined, "no step yet");
      await journal.startStep(id, "checks");
      assert.equal(await ask(), undefined, "another step runs");
      await journal.finishStep(id, "checks", "succeeded");
      await journal.startStep(id, "rollout");
      assert.equal((await taken(ask())).seq, 1);
      await journal.finishStep(id, "rollout", "succeeded");
      assert.equal(await ask(), undefined, "the rollout has ended");
      await journal.startStep(id, "rollout");
      assert.equal((await taken(ask())).seq, 2, "a later rollout of the deploy");
      assert.deepEqual(
        (await journal.rolloutCommands(id, 0)).map((command) => command.seq),
        [1, 2],
        "nothing refused was journaled",
      );
      await journal.finishOperation(id, { status: "succeeded" });
    });

    it("lets no command in after the rollout step ended: a read then sees every one taken", async () => {
      const { journal } = context;
      const executor = await context.open();
      const id = await rollingOut(executor, "ending");
      const asking = Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          journal.requestRolloutCommand(id, { kind: "pause", by: `user-${i}` }),
        ),
      );
      await sleep(1);
      await executor.finishStep(id, "rollout", "succeeded");
      const readAfterEnd = await executor.rolloutCommands(id, 0);
      const accepted = (await asking).filter((command) => command !== undefined);
      assert.deepEqual(
        readAfterEnd.map((command) => command.seq),
        accepted.map((command) => command.seq).sort((a, b) => a - b),
      );
      await executor.finishOperation(id, { status: "succeeded" });
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
