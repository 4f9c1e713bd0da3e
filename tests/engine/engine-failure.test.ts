import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { engineFailure } from "../../automation/engine/engine-failure";

describe("the engine's failures as users read them", () => {
  it("tells each diagnostic once, however often the CLI repeated it", () => {
    const missing = "error: Missing required configuration variable 'flightdeck:apiGitHash'";
    const text = [
      "code: 255",
      `stderr: ${missing}`,
      `    ${missing}`,
      "Diagnostics:",
      `  pulumi:pulumi:Stack (fd-staging):`,
      `    ${missing}`,
      `    ${missing}`,
      "    error: an unhandled error occurred: the program failed",
    ].join("\n");
    const failure = engineFailure(new Error(text));
    assert.equal(failure.code, "engine_failed");
    assert.deepEqual(failure.details?.diagnostics, [
      missing,
      "error: an unhandled error occurred: the program failed",
    ]);
  });
});
