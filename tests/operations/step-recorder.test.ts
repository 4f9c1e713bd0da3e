import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { OperationEvents } from "../../automation/operations/operation-events";
import { createStepRecorder } from "../../automation/operations/step-recorder";
import { PipelineError } from "../../automation/pipeline/pipeline-error";

const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-steps-"));
const journal = new SqliteJournal(join(dataDir, "journal.sqlite"));
after(() => {
  journal.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function newRecorder(stack: string) {
  const begun = journal.beginOperation({ stack, kind: "deploy", requestedBy: "ci", request: {} });
  assert.ok("operation" in begun);
  const id = begun.operation.id;
  const recorder = createStepRecorder(
    journal,
    new OperationEvents(),
    id,
    new AbortController().signal,
  );
  const step = (name: string) => journal.getOperation(id)?.steps.find((s) => s.name === name);
  const streamed = () => JSON.stringify(journal.listEvents(id));
  return { recorder, step, streamed };
}

describe("step recorder", () => {
  it("records a step whose result is a failing verdict as failed, with its detail", async () => {
    const { recorder, step } = newRecorder("verdicts");
    const verdict = await recorder.step(
      "verify",
      () => Promise.resolve({ ok: false }),
      (r) => ({ ok: r.ok }),
      (r) => r.ok,
    );
    assert.deepEqual(verdict, { ok: false }, "the caller still gets the result to act on");
    assert.equal(step("verify")?.status, "failed");
    assert.deepEqual(step("verify")?.detail, { ok: false });

    await recorder.step("release", () => Promise.resolve(1));
    assert.equal(step("release")?.status, "succeeded");
  });

  it("shows a pipeline error's message and details, as users act on them", async () => {
    const { recorder, step, streamed } = newRecorder("pipeline-errors");
    const failure = new PipelineError("checks_failed", "check `npm test` failed", {
      outputTail: "1 failed",
    });
    await assert.rejects(
      recorder.step("checks", () => Promise.reject(failure)),
      failure,
    );
    assert.equal(step("checks")?.status, "failed");
    assert.deepEqual(step("checks")?.detail, {
      message: "check `npm test` failed",
      outputTail: "1 failed",
    });
    assert.match(streamed(), /1 failed/);
  });

  it("keeps an unexpected error's message out of the journal and the event stream", async () => {
    const { recorder, step, streamed } = newRecorder("unexpected");
    const internal = new Error("ENOENT: /var/lib/flightdeck/internal-place");
    await assert.rejects(
      recorder.step("up", () => Promise.reject(internal)),
      internal,
    );
    assert.equal(step("up")?.status, "failed");
    assert.match(String(step("up")?.detail?.message), /failed unexpectedly/);
    assert.equal(streamed().includes("internal-place"), false);
    assert.equal(JSON.stringify(step("up")).includes("internal-place"), false);
  });
});
