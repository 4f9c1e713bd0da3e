import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SqliteJournal } from "../../automation/journal/sqlite-journal";
import type { ErrorView } from "../../automation/routes/schemas";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { deployAtStep, openStandInJournal } from "../support/rollout-stand-in";

describe("a rollout paused by hand holds its stack", () => {
  let world: ReleaseWorld;
  /** The instance that runs the paused deploy, on the server's journal. */
  let executor: SqliteJournal;

  before(async () => {
    world = await startReleaseWorld(["production"]);
    executor = openStandInJournal(world.server.dataDir);
  });

  after(async () => {
    await executor?.close();
    await world?.stop();
  });

  const deploy = () =>
    world.server.app.inject({
      method: "POST",
      url: "/stacks/production/deploy",
      headers: world.server.auth("deployer"),
      payload: {},
    });

  it("refuses another operation with a 409 that names the pause and the commands that end it", async () => {
    const id = await deployAtStep(executor, "production");
    const moving = { kind: "rollout", service: "api", step: 2, steps: 3, weight: 25 };
    await executor.appendEvent(id, "log", { ...moving, state: "moving" });

    const busy = await deploy();
    assert.equal(busy.statusCode, 409, busy.body);
    const moved = busy.json<ErrorView>().error;
    assert.equal(moved.code, "stack_busy");
    assert.doesNotMatch(moved.message, /paused/, "a rollout that moves on is only busy");

    const pausedSince = "2026-12-05T10:00:00.000Z";
    await executor.appendEvent(id, "log", { ...moving, state: "paused", pausedSince });
    const held = (await deploy()).json<ErrorView>().error;
    assert.equal(held.code, "stack_busy");
    assert.match(
      held.message,
      new RegExp(
        `deploy ${id} requested by ci .*; its api rollout is paused by hand at step 2/3 \\(25 %\\) since ${pausedSince}.*POST /deployments/${id}/resume, /promote or /abort`,
      ),
    );
    assert.deepEqual((held.details as { pausedRollout: unknown }).pausedRollout, {
      service: "api",
      step: 2,
      steps: 3,
      weight: 25,
      pausedSince,
    });
    await executor.finishOperation(id, { status: "cancelled" });
  });
});
