import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { stackPassphrase } from "../../automation/engine/engine-passphrase";
import { startServer, type ServerFixture } from "../support/server-fixture";

describe("each stack's own passphrase", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-passphrases-"));
  let server: ServerFixture | undefined;
  after(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is made at a stack's first use, readable by the server alone, and differs between stacks", () => {
    const staging = stackPassphrase(dataDir, "staging", false, {});
    const production = stackPassphrase(dataDir, "production", false, {});
    const file = (stack: string) => join(dataDir, "passphrases", stack);
    assert.deepEqual(staging.env, { PULUMI_CONFIG_PASSPHRASE_FILE: file("staging") });
    assert.equal(statSync(file("staging")).mode & 0o777, 0o600);
    assert.notEqual(
      readFileSync(file("staging"), "utf8"),
      readFileSync(file("production"), "utf8"),
    );
    // Used again, not made anew.
    const again = readFileSync(file("staging"), "utf8");
    stackPassphrase(dataDir, "staging", true, {});
    assert.equal(readFileSync(file("staging"), "utf8"), again);
    assert.equal(production.shared, undefined);
  });

  it("a stack made before keeps the passphrase all stacks shared, and says so; an operator's wins for all", () => {
    writeFileSync(join(dataDir, "pulumi-passphrase"), "the-old-shared-passphrase", { mode: 0o600 });
    const legacy = stackPassphrase(dataDir, "legacy", true, {});
    assert.equal(legacy.shared, join(dataDir, "passphrases", "legacy"));
    assert.equal(readFileSync(legacy.shared, "utf8"), "the-old-shared-passphrase");
    const operator = stackPassphrase(dataDir, "other", false, { PULUMI_CONFIG_PASSPHRASE: "x" });
    assert.deepEqual(operator.env, {});
    assert.equal(existsSync(join(dataDir, "passphrases", "other")), false);
  });

  it("asking whether a stack exists makes no passphrase for it", async () => {
    server = await startServer();
    const response = await server.app.inject({
      url: "/stacks/nosuchstack",
      headers: server.auth("reader"),
    });
    assert.equal(response.statusCode, 404, response.body);
    assert.equal(existsSync(join(server.dataDir, "passphrases", "nosuchstack")), false);
  });
});
