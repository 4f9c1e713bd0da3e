import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { schemathesisBin } from "../../toolchain/paths";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokens } from "../support/server-fixture";

const config = join(__dirname, "schemathesis.toml");
/** A different seed finds different cases: FLIGHTDECK_FUZZ_SEED explores, the default replays. */
const seed = process.env.FLIGHTDECK_FUZZ_SEED ?? "20261125";

/** Runs the fuzzer to its end; its whole report comes back, whatever the exit code. */
function runSchemathesis(
  documentUrl: string,
  token: string,
): Promise<{ code: number | null; output: string }> {
  const binary = schemathesisBin();
  if (!existsSync(binary)) throw new Error(`${binary} is missing; run \`npm run bootstrap\``);
  return new Promise((resolve, reject) => {
    const child = spawn(
      binary,
      // Every check and every phase (examples, coverage, fuzzing, stateful) is the default;
      // the seed is fixed so that a failure in CI replays the same cases here.
      ["--config-file", config, "run", documentUrl, "--seed", seed, "--no-color"],
      {
        // Hypothesis keeps its database in the working directory: a temporary one.
        cwd: mkdtempSync(join(tmpdir(), "flightdeck-fuzz-")),
        env: { ...process.env, FLIGHTDECK_FUZZ_TOKEN: token },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe("the API contract, fuzzed by schemathesis over the served OpenAPI document", () => {
  let world: ReleaseWorld;

  before(async () => {
    world = await startReleaseWorld(["production"]);
  });

  after(async () => world.stop());

  it("finds no failure and no error with every check, in every phase", async (t) => {
    const url = await world.server.url();
    const { code, output } = await runSchemathesis(`${url}/docs/json`, tokens.admin);
    const generated = /(\d+) generated/.exec(output)?.[1];
    t.diagnostic(`schemathesis: ${generated ?? "?"} generated cases (seed ${seed})`);
    for (const line of output.split("\n").filter((l) => /^\s+(Scenarios|API Links):/.test(l))) {
      t.diagnostic(`schemathesis stateful: ${line.trim()}`);
    }
    assert.ok(generated && Number(generated) > 0, `nothing was generated:\n${output}`);
    assert.match(output, /Stateful/, "the stateful phase did not run");
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /\d+ (failures?|errors?)\b/, output);
  });
});
