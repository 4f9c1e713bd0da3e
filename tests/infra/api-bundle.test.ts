import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { bundleApiSource } from "../../infra/api/bundle-api";

const bundleModule = join(__dirname, "..", "..", "infra", "api", "bundle-api.ts");

/**
 * This process's node options for a child started in another directory: a bare loader
 * name (`node --import tsx`) would resolve from there, where nothing is installed.
 */
function execArgvFromHere(): string[] {
  return process.execArgv.map((arg, index) =>
    process.execArgv[index - 1] === "--import" && !arg.startsWith(".") && !isAbsolute(arg)
      ? pathToFileURL(require.resolve(arg)).href
      : arg,
  );
}

describe("the api bundle", () => {
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-api-bundle-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const source = bundleApiSource();

  it("is one CommonJS file exporting the Lambda handler, with nothing left to resolve", () => {
    const file = join(dir, "index.js");
    writeFileSync(file, source);
    // Required from outside the checkout: a dependency left unbundled would not resolve.
    const loaded = createRequire(file)(file) as { handler?: unknown };
    assert.equal(typeof loaded.handler, "function");
  });

  it("is byte-identical whichever directory the program runs from", () => {
    // esbuild fixes its working directory once per process, so the other run is a process
    // started elsewhere, the way the automation server and `pulumi up` differ.
    const program = `process.stdout.write(require(${JSON.stringify(bundleModule)}).bundleApiSource())`;
    const elsewhere = spawnSync(process.execPath, [...execArgvFromHere(), "-e", program], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(elsewhere.status, 0, elsewhere.stderr);
    assert.equal(elsewhere.stdout === source, true, "the bundle depends on the working directory");
  });
});
