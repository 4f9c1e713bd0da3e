import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { PipelineError } from "../../automation/domain/operation-error";
import { commandEnvironment } from "../../automation/pipeline/command-env";
import { runChecks, runCommand } from "../../automation/pipeline/run-checks";

const repoDir = mkdtempSync(join(tmpdir(), "flightdeck-checks-"));
after(() => rmSync(repoDir, { recursive: true, force: true }));
const signal = new AbortController().signal;
const env = commandEnvironment([]);

describe("checks", () => {
  it("runs every command in the repository and lists what passed", async () => {
    writeFileSync(join(repoDir, "marker"), "here\n");
    assert.deepEqual(await runChecks(["test -f marker", "true"], repoDir, env, signal), {
      passed: ["test -f marker", "true"],
    });
  });

  it("stops at the first failing command with its exit code and the tail of its output", async () => {
    const ran = join(repoDir, "ran-after-failure");
    const failure = await runChecks(
      ["true", "echo type error in app.ts >&2; exit 3", `touch ${ran}`],
      repoDir,
      env,
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
    const running = runChecks(["sleep 30"], repoDir, env, controller.signal);
    controller.abort();
    await assert.rejects(running, { name: "AbortError" });
  });

  it("keeps the tail of a long output from the start of a line", async () => {
    // 100 lines of 99 characters: the last 4000 start 40 characters into line 60.
    const { output } = await runCommand(
      `for i in $(seq 1 100); do printf '%098d\\n' $i; done`,
      repoDir,
      env,
      signal,
    );
    assert.equal(output.length, 40 * 99);
    assert.match(output, /^0{96}61\n/, "the cut line is dropped; the first kept line is whole");
    assert.match(output, /0{95}100\n$/);
  });
});

describe("the environment of check, backup and migrate commands", () => {
  const server = {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: "/home/deploy",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    TMPDIR: "/tmp",
    npm_config_cache: "/var/cache/npm",
    FLIGHTDECK_TOKENS: '[{"name":"ci","token":"…"}]',
    PULUMI_CONFIG_PASSPHRASE: "passphrase-0123456789",
    AWS_ACCESS_KEY_ID: "AKIA0123456789",
    AWS_SECRET_ACCESS_KEY: "aws-secret-0123456789",
    DATABASE_URL: "postgres://migrator:pw@db/app",
  };

  it("is the allow-list and the names the operator adds, nothing else", () => {
    assert.deepEqual(commandEnvironment([], server), {
      PATH: server.PATH,
      HOME: server.HOME,
      LANG: server.LANG,
      LC_ALL: server.LC_ALL,
      TMPDIR: server.TMPDIR,
      npm_config_cache: server.npm_config_cache,
    });
    assert.equal(
      commandEnvironment(["DATABASE_URL", "UNSET_NAME"], server).DATABASE_URL,
      server.DATABASE_URL,
    );
    assert.equal("UNSET_NAME" in commandEnvironment(["UNSET_NAME"], server), false);
  });

  it("is all a real command sees", async () => {
    const scrubbed = commandEnvironment(["DATABASE_URL"], { ...process.env, ...server });
    // `env` prints what the shell was given (the shell adds PWD and the like of its own).
    const { code, output } = await runCommand("env", repoDir, scrubbed, signal);
    assert.equal(code, 0);
    const seen = new Map(
      output
        .trim()
        .split("\n")
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    assert.equal(seen.get("DATABASE_URL"), server.DATABASE_URL);
    assert.equal(seen.get("HOME"), server.HOME);
    for (const name of [
      "FLIGHTDECK_TOKENS",
      "PULUMI_CONFIG_PASSPHRASE",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
    ])
      assert.equal(seen.has(name), false, `${name} reached the command`);
  });
});
