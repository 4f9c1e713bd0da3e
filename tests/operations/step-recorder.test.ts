import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Journal, NewEvent, OperationEvent } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { OperationEvents } from "../../automation/operations/operation-events";
import { createStepRecorder } from "../../automation/operations/step-recorder";
import { PipelineError } from "../../automation/domain/operation-error";
import { beginDeploy } from "../support/begin-deploy";

const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-steps-"));
const journal = new SqliteJournal(join(dataDir, "journal.sqlite"));
after(async () => {
  await journal.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The journal answering each batch of events after a wait of its own, shorter for later
 * calls, as a network database may: appends left to run side by side would land out of
 * order. `batches` counts the events of each call.
 */
function slowAppends(inner: Journal, failing?: (data: Record<string, unknown>) => boolean) {
  const batches: number[] = [];
  const journal = new Proxy(inner, {
    get(target, key) {
      if (key !== "appendEvents") return Reflect.get(target, key, target) as unknown;
      return async (id: string, events: NewEvent[]) => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20 - batches.length)));
        batches.push(events.length);
        if (events.some(({ data }) => failing?.(data)))
          throw new Error("the journal refused the event");
        return target.appendEvents(id, events);
      };
    },
  });
  return { journal, batches };
}

async function newRecorder(stack: string, through: Journal = journal) {
  const id = await beginDeploy(journal, stack);
  const events = new OperationEvents();
  const published: OperationEvent[] = [];
  events.subscribe(
    id,
    (event) => published.push(event),
    () => undefined,
  );
  const recorder = createStepRecorder(through, events, id, new AbortController().signal);
  const step = async (name: string) =>
    (await journal.getOperation(id))?.steps.find((s) => s.name === name);
  const streamed = async () => JSON.stringify(await journal.listEvents(id));
  return { id, recorder, step, streamed, published };
}

describe("step recorder", () => {
  it("records a step whose result is a failing verdict as failed, with its detail", async () => {
    const { recorder, step } = await newRecorder("verdicts");
    const verdict = await recorder.step(
      "verify",
      () => Promise.resolve({ ok: false }),
      (r) => ({ ok: r.ok }),
      (r) => r.ok,
    );
    assert.deepEqual(verdict, { ok: false }, "the caller still gets the result to act on");
    assert.equal((await step("verify"))?.status, "failed");
    assert.deepEqual((await step("verify"))?.detail, { ok: false });

    await recorder.step("release", () => Promise.resolve(1));
    assert.equal((await step("release"))?.status, "succeeded");
  });

  it("shows a pipeline error's message and details, as users act on them", async () => {
    const { recorder, step, streamed } = await newRecorder("pipeline-errors");
    const failure = new PipelineError("checks_failed", "check `npm test` failed", {
      outputTail: "1 failed",
    });
    await assert.rejects(
      recorder.step("checks", () => Promise.reject(failure)),
      failure,
    );
    assert.equal((await step("checks"))?.status, "failed");
    assert.deepEqual((await step("checks"))?.detail, {
      message: "check `npm test` failed",
      outputTail: "1 failed",
    });
    assert.match(await streamed(), /1 failed/);
  });

  it("keeps an unexpected error's message out of the journal and the event stream", async () => {
    const { recorder, step, streamed } = await newRecorder("unexpected");
    const internal = new Error("ENOENT: /var/lib/flightdeck/internal-place");
    await assert.rejects(
      recorder.step("up", () => Promise.reject(internal)),
      internal,
    );
    assert.equal((await step("up"))?.status, "failed");
    assert.match(String((await step("up"))?.detail?.message), /failed unexpectedly/);
    assert.equal((await streamed()).includes("internal-place"), false);
    assert.equal(JSON.stringify(await step("up")).includes("internal-place"), false);
  });

  it("journals and publishes events emitted without waiting in the order emitted, before the step ends", async () => {
    const slow = slowAppends(journal);
    const { id, recorder, published } = await newRecorder("ordered", slow.journal);
    await recorder.step("up", async () => {
      // As the engine's event callback does: it cannot wait for the journal.
      for (let n = 0; n < 10; n++) {
        recorder.emit("engine", { n });
        // Some come in the same turn of the loop, some in the next ones.
        if (n % 4 === 3) await new Promise(setImmediate);
      }
      return Promise.resolve();
    });
    const journaled = await journal.listEvents(id);
    assert.deepEqual(
      journaled.map((e) => e.data.n ?? e.data.status),
      ["running", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, "succeeded"],
    );
    assert.deepEqual(published, journaled, "published as journaled, in seq order");
    assert.ok(
      slow.batches.some((events) => events > 1),
      `batches ${slow.batches.join(", ")}`,
    );
  });

  it("journals the events emitted in one turn of the loop in one call", async () => {
    const slow = slowAppends(journal);
    const { id, recorder } = await newRecorder("one-call", slow.journal);
    for (let n = 0; n < 50; n++) recorder.emit("engine", { n });
    await recorder.emitted();
    assert.deepEqual(slow.batches, [50]);
    assert.equal((await journal.listEvents(id)).length, 50);
  });

  it("fails the step in which an event emitted without waiting could not be journaled", async () => {
    const { id, recorder, step } = await newRecorder(
      "refused",
      slowAppends(journal, (data) => data.n === 1).journal,
    );
    await assert.rejects(
      recorder.step("up", async () => {
        recorder.emit("engine", { n: 0 });
        await recorder.emitted();
        // 1 and 2 go in one batch, which the journal refuses whole.
        for (let n = 1; n < 3; n++) recorder.emit("engine", { n });
        await new Promise((resolve) => setTimeout(resolve, 50));
        recorder.emit("engine", { n: 3 });
      }),
      /the journal refused the event/,
    );
    assert.equal((await step("up"))?.status, "failed");
    assert.deepEqual(
      (await journal.listEvents(id)).map((e) => e.data.n ?? e.data.status),
      ["running", 0, 3, "failed"],
      "the events after it are journaled all the same",
    );
    await assert.doesNotReject(recorder.emitted(), "a failure is told once");
  });
});
