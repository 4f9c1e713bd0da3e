import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { OperationEvents } from "../../automation/operations/operation-events";
import { createStepRecorder } from "../../automation/operations/step-recorder";
import { journaledRollout } from "../../automation/pipeline/rollout/journaled-rollout";
import type { RolloutStrategy } from "../../automation/settings/rollout-strategy";
import { beginDeploy } from "../support/begin-deploy";

describe("a rollout's commands as it ends", () => {
  let dir: string;
  let journal: SqliteJournal;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "flightdeck-journaled-rollout-"));
    journal = new SqliteJournal(join(dir, "journal.sqlite"));
  });

  after(async () => {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs an api rollout of `strategy` as a deploy's step on the journal, whose weight
   * moves call `onWeigh` (where a test asks for commands, as another instance would);
   * the messages its events logged.
   */
  async function rollOut(
    strategy: RolloutStrategy,
    onWeigh: (id: string, weight: number) => Promise<void>,
  ): Promise<{ id: string; promoted: boolean; messages: string[] }> {
    const id = await beginDeploy(journal, `stack-${Date.now()}`);
    const signal = new AbortController().signal;
    const recorder = createStepRecorder(journal, new OperationEvents(), id, signal);
    const result = await journaledRollout(
      {
        input: { journal, operationId: id, recorder, signal, canaryProbeIntervalMs: 10 },
        rollout: {},
      },
      {
        service: "api",
        strategy,
        split: { weigh: (weight) => onWeigh(id, weight), restore: () => Promise.resolve() },
        look: () => Promise.resolve(undefined),
        answers: { probes: 0, canaryAnswers: 0, stableAnswers: 0 },
        detail: {},
      },
    );
    await recorder.emitted();
    await journal.finishOperation(id, { status: "succeeded" });
    const messages = (await journal.listEvents(id))
      .map((event) => event.data.message)
      .filter((message): message is string => typeof message === "string");
    return { id, promoted: result.promoted, messages };
  }

  it("tells a command taken during the last move, too late to act on, and takes none after", async () => {
    const { id, promoted, messages } = await rollOut({ steps: [{ weight: 100 }] }, async (id) => {
      const taken = await journal.requestRolloutCommand(id, {
        kind: "abort",
        by: "on-call",
        reason: "errors on the canary",
      });
      assert.ok(taken, "the rollout step runs: the command is taken");
    });
    assert.equal(promoted, true, "the command came too late to stop it");
    assert.deepEqual(messages, [
      "abort by on-call came as the api rollout ended and was not acted on",
    ]);
    const events = await journal.listEvents(id);
    const told = events.find((event) => event.data.message !== undefined);
    assert.deepEqual(told?.data.command, {
      kind: "abort",
      by: "on-call",
      reason: "errors on the canary",
    });
    assert.equal(
      await journal.requestRolloutCommand(id, { kind: "abort", by: "on-call" }),
      undefined,
      "the step has ended: no command is taken",
    );
  });

  it("acts on a command taken while a step holds, and tells nothing more", async () => {
    const { promoted, messages } = await rollOut(
      { steps: [{ weight: 20, pause: { kind: "manual" } }, { weight: 100 }] },
      async (id, weight) => {
        if (weight === 20) await journal.requestRolloutCommand(id, { kind: "promote", by: "ci" });
      },
    );
    assert.equal(promoted, true, "the promote ended the manual pause");
    assert.deepEqual(messages, []);
  });
});
