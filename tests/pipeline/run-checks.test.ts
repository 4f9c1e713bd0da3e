import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { PipelineError } from "../../automation/pipeline/pipeline-error";
import { runChecks } from "../../automation/pipeline/run-checks";

const repoDir = mkdtempSync(join(tmpdir(), "flightdeck-checks-"));
after(() => rmSync(repoDir, { recursive: true, force: true }));
const signal = new AbortController().signal;

describe("checks", () => {
  it("runs every command in the repository and lists what passed", async () => {
    writeFileSync(join(repoDir, "marker"), "here\n");
    assert.deepEqual(await runChecks(["test -f marker", "true"], repoDir, signal), {
      passed: ["test -f marker", "true"],
    });
  });

  it("stops at the first failing command with its exit code and the tail of its output", async () => {
    const ran = join(repoDir, "ran-after-failure");
    const failure = await runChecks(
      ["true", "echo type error in app.ts >&2; exit 3", `touch ${ran}`],
      repoDir,
      signal,
    ).then(
      () => assert.fail("a failing check must stop the deploy"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof PipelineError);
    assert.equal(failure.code, "checks_failed");
    assert.match(failure.message, /exit code 3/);
    assert.match(String(failure.details?.outputTail), /type error in app\.ts/);
    assert.throws(() => rmSync(ran), /ENOENT/, "no later check ran");
  });

  it("stops a running check when the deploy is cancelled", async () => {
    const controller = new AbortController();
    const running = runChecks(["sleep 30"], repoDir, controller.signal);
    controller.abort();
    await assert.rejects(running, { name: "AbortError" });
  });
});
