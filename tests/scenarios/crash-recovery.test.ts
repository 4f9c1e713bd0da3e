import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, describe, it } from "node:test";
import type { Operation } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import {
  exitCode,
  killGroup,
  startProcessWorld,
  type ProcessWorld,
} from "../support/server-processes";

describe("a server that stops mid-up: SIGKILL, or SIGTERM with a grace period", () => {
  let world: ProcessWorld;

  before(async () => {
    world = await startProcessWorld();
  });

  afterEach((t) => {
    const failed = (t as { passed?: boolean }).passed === false;
    if (failed) world.logs.forEach((log, i) => console.error(`--- server ${i + 1} ---\n${log}`));
    world.logs.length = 0;
  });

  after(() => world.stop());

  it("leaves the deployment interrupted after a restart, and the next deploy succeeds", async () => {
    const first = await world.start();
    const initial = await world.call(`${first.url}/stacks/production/deploy`, "POST", {});
    assert.equal(initial.status, 202, JSON.stringify(initial.body));
    const released = await world.finished(first.url, (initial.body.deployment as Operation).id);
    assert.equal(released.status, "succeeded", JSON.stringify(released.error));

    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const started = await world.call(`${first.url}/stacks/production/deploy`, "POST", {});
    const id = (started.body.deployment as Operation).id;
    await world.engineUpdating(first.url, id);
    // The deploy runs in a worktree of its own commit, which the kill leaves behind.
    const worktrees = join(world.dataDir, "data", "worktrees");
    const [instance] = readdirSync(worktrees);
    assert.equal(
      readdirSync(join(worktrees, instance!)).length,
      1,
      "the running deploy's worktree",
    );
    killGroup(first.child);
    await new Promise((resolve) => first.child.once("exit", resolve));

    // No state file is left half-written by the kill: the server's backend writes no
    // metadata sidecars, the one file the file backend rewrites in place.
    const stateFiles = readdirSync(join(world.dataDir, "data", "state"), { recursive: true });
    assert.ok(stateFiles.some((name) => String(name).endsWith("production.json")));
    assert.deepEqual(
      stateFiles.filter((name) => String(name).endsWith(".attrs")),
      [],
    );

    const second = await world.start();
    assert.deepEqual(
      readdirSync(worktrees),
      [],
      "the restart cleared the crashed server's worktrees",
    );
    assert.doesNotMatch(world.repo.git("worktree", "list"), /worktrees/, "and git forgot it");
    const interrupted = (await world.call(`${second.url}/deployments/${id}`))
      .body as unknown as Operation;
    assert.equal(interrupted.status, "interrupted");
    assert.equal(interrupted.error?.code, "interrupted");
    assert.deepEqual(
      interrupted.steps.map((s) => [s.name, s.status]),
      [
        ["preflight", "succeeded"],
        ["change-analysis", "succeeded"],
        ["checkout", "succeeded"],
        ["install", "succeeded"],
        ["checks", "succeeded"],
        ["up", "cancelled"],
      ],
    );

    // The killed server's engine may still be finishing; that shows as a clear 409 until it has.
    let next: { status: number; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 120; i++) {
      next = await world.call(`${second.url}/stacks/production/deploy`, "POST", {});
      if (next.status !== 409) break;
      assert.equal((next.body.error as { code: string }).code, "stack_locked");
      await sleep(500);
    }
    assert.equal(next?.status, 202, JSON.stringify(next?.body));
    const recovered = await world.finished(second.url, (next.body.deployment as Operation).id);
    assert.equal(recovered.status, "succeeded", JSON.stringify(recovered.error));
    assert.deepEqual(recovered.affectedServices, ["api"]);
    assert.equal(recovered.releaseTag, 2);
  });

  it("on SIGTERM lets a running deploy finish within the grace period, and cancels it cleanly past it", async () => {
    world.killAll();
    const journalPath = join(world.dataDir, "data", "journal.sqlite");

    const patient = await world.start({ FLIGHTDECK_SHUTDOWN_GRACE_MS: "60000" });
    world.repo.commit({ "services/api/handler.ts": "export const api = 3;\n" }, "api");
    const finishing = await world.call(`${patient.url}/stacks/production/deploy`, "POST", {});
    const finishingId = (finishing.body.deployment as Operation).id;
    await world.engineUpdating(patient.url, finishingId);
    patient.child.kill("SIGTERM");
    assert.equal(await exitCode(patient.child), 0);

    const hasty = await world.start({ FLIGHTDECK_SHUTDOWN_GRACE_MS: "300" });
    world.repo.commit({ "services/api/handler.ts": "export const api = 4;\n" }, "api");
    const cancelling = await world.call(`${hasty.url}/stacks/production/deploy`, "POST", {});
    const cancellingId = (cancelling.body.deployment as Operation).id;
    await world.engineUpdating(hasty.url, cancellingId);
    hasty.child.kill("SIGTERM");
    assert.equal(await exitCode(hasty.child), 0);

    const journal = new SqliteJournal(journalPath);
    try {
      assert.equal((await journal.getOperation(finishingId))?.status, "succeeded");
      const cancelled = await journal.getOperation(cancellingId);
      assert.equal(cancelled?.status, "cancelled");
      assert.equal(cancelled?.steps.at(-1)?.status, "cancelled");
      assert.equal(await journal.lockHolder("production"), undefined);
    } finally {
      await journal.close();
    }

    // The engine stopped cleanly: the next server deploys at once, without a stale lock.
    const next = await world.start();
    const deployed = await world.call(`${next.url}/stacks/production/deploy`, "POST", {});
    assert.equal(deployed.status, 202, JSON.stringify(deployed.body));
    assert.equal(
      (await world.finished(next.url, (deployed.body.deployment as Operation).id)).status,
      "succeeded",
    );
  });
});
