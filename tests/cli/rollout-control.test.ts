import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SqliteJournal } from "../../automation/journal/sqlite-journal";
import type { RolloutCommandAcceptedView } from "../../client/types";
import { repoRoot } from "../../toolchain/paths";
import { cliEnv, cliLauncher, runCli } from "../support/cli-process";
import { deployAtStep, openStandInJournal } from "../support/rollout-stand-in";
import { startServer, tokens, type ServerFixture } from "../support/server-fixture";
import { TmuxTerminal } from "../support/tmux-terminal";

describe("flightdeck pause, resume, promote, abort and a rollout's progress", () => {
  let server: ServerFixture;
  /** The instance that runs the deploys, on the server's journal. */
  let executor: SqliteJournal;
  let env: (token: keyof typeof tokens) => Record<string, string>;

  before(async () => {
    server = await startServer();
    executor = openStandInJournal(server.dataDir);
    const url = await server.url();
    env = (token) => cliEnv({ FLIGHTDECK_URL: url, FLIGHTDECK_TOKEN: tokens[token] });
  });

  after(async () => {
    await executor.close();
    await server.close();
  });

  it("journals each command with --reason and --full, and says how to follow it", async () => {
    const id = await deployAtStep(executor, "commanded");
    const paused = await runCli(["pause", id, "--reason", "watching p99"], env("deployer"));
    assert.equal(paused.code, 0, paused.stderr);
    assert.match(
      paused.stdout,
      new RegExp(`pause asked of the rollout of deploy ${id} \\(command 1, by ci\\)`),
    );
    assert.match(paused.stdout, new RegExp(`flightdeck logs ${id} --follow`));

    const promoted = await runCli(["promote", id, "--full", "--json"], env("deployer"));
    assert.equal(promoted.code, 0, promoted.stderr);
    const body = JSON.parse(promoted.stdout) as RolloutCommandAcceptedView;
    assert.deepEqual(
      { kind: body.command.kind, full: body.command.full, seq: body.command.seq },
      { kind: "promote", full: true, seq: 2 },
    );
    assert.equal(body.deployment.id, id);

    const aborted = await runCli(["abort", id, "--reason", "canary errors"], env("admin"));
    assert.equal(aborted.code, 0, aborted.stderr);
    const journaled = await executor.rolloutCommands(id, 0);
    assert.deepEqual(
      journaled.map(({ kind, full, by, reason }) => ({ kind, full, by, reason })),
      [
        { kind: "pause", full: false, by: "ci", reason: "watching p99" },
        { kind: "promote", full: true, by: "ci", reason: undefined },
        { kind: "abort", full: false, by: "ops-admin", reason: "canary errors" },
      ],
    );
    await executor.finishOperation(id, { status: "failed" });
  });

  it("explains a refusal and exits 2: scope, no rollout, ended, unknown; --full only for promote", async () => {
    const id = await deployAtStep(executor, "refused");
    const noScope = await runCli(["abort", id], env("deployer"));
    assert.equal(noScope.code, 2);
    assert.match(noScope.stderr, /"rollback" scope \(it has: read, deploy\)/);

    const json = await runCli(["resume", id, "--json"], env("reader"));
    assert.equal(json.code, 2);
    assert.equal((JSON.parse(json.stdout) as { error: { code: string } }).error.code, "forbidden");

    const badUsage = await runCli(["pause", id, "--full"], env("deployer"));
    assert.equal(badUsage.code, 2);
    assert.match(badUsage.stderr, /unknown option '--full'/);

    await executor.finishStep(id, "rollout", "succeeded");
    await executor.startStep(id, "bake");
    const over = await runCli(["promote", id], env("deployer"));
    assert.equal(over.code, 2);
    assert.match(over.stderr, /no rollout in progress/);

    await executor.finishOperation(id, { status: "succeeded" });
    const ended = await runCli(["pause", id], env("deployer"));
    assert.equal(ended.code, 2);
    assert.match(ended.stderr, /already ended as succeeded/);
    const unknown = await runCli(["pause", "00000000-0000-4000-8000-000000000000"], env("admin"));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no deployment/);
    assert.deepEqual(await executor.rolloutCommands(id, 0), [], "nothing was journaled");
  });

  it("follow output shows each rollout step, its judgement, a pause's wait and the commands", async () => {
    const id = await deployAtStep(executor, "followed");
    const judgement = {
      verdict: "pass",
      reason: "error rate 0.1 % within 1 %",
      checks: [{ rule: "error-rate", value: 0.1, limit: 1, passed: true }],
    };
    const at = (data: Record<string, unknown>) =>
      executor.appendEvent(id, "log", { kind: "rollout", service: "api", steps: 3, ...data });
    await at({ step: 1, weight: 5, state: "moving" });
    await at({ step: 1, weight: 5, state: "analysing", judgement });
    await at({ step: 2, weight: 25, state: "paused", pausedSince: new Date().toISOString() });
    await at({
      step: 2,
      weight: 25,
      state: "paused",
      // Two minutes before the event: a replay shows how long it had waited then.
      pausedSince: new Date(Date.now() - 120_000).toISOString(),
      command: { kind: "pause", by: "ci", reason: "watching p99" },
    });
    await at({
      step: 2,
      weight: 25,
      state: "aborted",
      judgement: { verdict: "fail", reason: "error rate 4 % over 1.5 × stable", checks: [] },
      command: { kind: "abort", by: "ops-admin" },
    });
    await executor.finishStep(id, "rollout", "failed");
    await executor.finishOperation(id, { status: "failed", rolledBack: true });

    const replay = await runCli(["logs", id], env("reader"));
    assert.equal(replay.code, 0, replay.stderr);
    const lines = replay.stdout.split("\n");
    const line = (pattern: RegExp) => {
      const found = lines.find((one) => pattern.test(one));
      assert.ok(found, `a line matching ${pattern} in:\n${replay.stdout}`);
      return found;
    };
    line(/api rollout step 1\/3 at 5 %: moving traffic$/);
    line(/api rollout step 1\/3 at 5 %: analysing$/);
    line(/judgement: pass: error rate 0\.1 % within 1 %/);
    line(/api rollout step 2\/3 at 25 %: paused, until someone resumes, promotes or aborts it$/);
    const paused = line(/api rollout step 2\/3 at 25 %: paused for (\d+)m(\d+)s/);
    const [, minutes] = /paused for (\d+)m/.exec(paused)!;
    assert.equal(minutes, "2", paused);
    assert.match(paused, /\(pause by ci: watching p99\)/);
    line(new RegExp(`flightdeck promote ${id} \\[--full\\]; revert: flightdeck abort ${id}`));
    line(/api rollout step 2\/3 at 25 %: aborted \(abort by ops-admin\)/);
    line(/judgement: fail: error rate 4 % over 1\.5 × stable/);
  });

  it("on a terminal, the live line counts how long a manual pause has waited", async () => {
    const id = await deployAtStep(executor, "watched");
    // The step's start as the pipeline streams it: the live line belongs to a running step.
    await executor.appendEvent(id, "step", { step: "rollout", status: "running" });
    const term = new TmuxTerminal(
      [process.execPath, cliLauncher, "logs", id, "--follow"],
      { ...env("reader"), LANG: "C.UTF-8" },
      repoRoot,
    );
    try {
      await executor.appendEvent(id, "log", {
        kind: "rollout",
        service: "api",
        step: 1,
        steps: 2,
        weight: 10,
        state: "paused",
        pausedSince: new Date(Date.now() - 3 * 60_000).toISOString(),
      });
      await term.waitFor(/… rollout .* paused 3m\d\ds/);
      await executor.appendEvent(id, "log", {
        kind: "rollout",
        service: "api",
        step: 2,
        steps: 2,
        weight: 100,
        state: "promoted",
      });
      await executor.appendEvent(id, "step", { step: "rollout", status: "succeeded" });
      await executor.finishOperation(id, { status: "succeeded" });
      await executor.appendEvent(id, "status", { status: "succeeded" });
      assert.equal(await term.exitCode(), 0, term.screen());
      assert.match(term.screen(), /api rollout step 2\/2 at 100 %: promoted/);
    } finally {
      term.close();
    }
  });
});
