import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { createStepRecorder } from "../../automation/operations/step-recorder";
import { OperationEvents } from "../../automation/operations/operation-events";
import { PipelineError } from "../../automation/domain/operation-error";
import { maskedJournal } from "../../automation/journal/masked-journal";
import { SecretMask } from "../../automation/secrets/secret-mask";

const secret = "s3cret-passphrase-0123456789";
const dir = mkdtempSync(join(tmpdir(), "flightdeck-masked-journal-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("the journal behind the mask", () => {
  it("keeps, returns and hands to live streams only masked step details, events and errors", async () => {
    const mask = new SecretMask();
    mask.add(secret);
    const path = join(dir, "journal.sqlite");
    const raw = new SqliteJournal(path);
    const journal = maskedJournal(raw, mask);
    const begun = await journal.beginOperation({
      stack: "production",
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    assert.ok("operation" in begun);
    const { id } = begun.operation;
    const events = new OperationEvents();
    const live: unknown[] = [];
    events.subscribe(
      id,
      (event) => live.push(event),
      () => undefined,
    );
    const recorder = createStepRecorder(journal, events, id, new AbortController().signal);

    await recorder.step(
      "checks",
      async () => ({ outputTail: `using ${secret}\nok` }),
      (r) => r,
    );
    await recorder
      .step("up", () =>
        Promise.reject(
          new PipelineError("engine_failed", "the Pulumi engine reported an error", {
            diagnostics: [`error: bad passphrase ${secret}`],
          }),
        ),
      )
      .catch(() => undefined);
    await journal.finishOperation(id, {
      status: "failed",
      error: { code: "engine_failed", message: `failed with ${secret}` },
    });

    const operation = await raw.getOperation(id);
    assert.equal(operation?.steps[0]?.detail?.outputTail, "using [secret]\nok");
    assert.deepEqual(operation?.steps[1]?.detail?.diagnostics, ["error: bad passphrase [secret]"]);
    assert.equal(operation?.error?.message, "failed with [secret]");
    assert.equal(JSON.stringify(live).includes(secret), false, "what live streams got");
    assert.ok(JSON.stringify(live).includes("[secret]"));
    assert.equal(
      JSON.stringify(await raw.listEvents(id)).includes(secret),
      false,
      "replayed events",
    );
    assert.equal(journal.instanceId, raw.instanceId, "properties pass through");
    await journal.startStep(id, "rollout");
    await journal.requestRolloutCommand(id, {
      kind: "abort",
      by: "ci",
      reason: `pasted ${secret} by mistake`,
    });
    const [command] = await raw.rolloutCommands(id, 0);
    assert.equal(command?.reason, "pasted [secret] by mistake", "a rollout command's reason");
    await raw.close();
    assert.equal(readFileSync(path).includes(secret), false, "the database file");
  });
});
