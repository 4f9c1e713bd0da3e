import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { ListVersionsByFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { awsPointers } from "../support/aws-pointers";
import { deploymentsClient } from "../support/deployments-client";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { watchApiAlarm } from "../support/watched-alarm";

const alarmName = "fd-production-api-errors";

/** Database steps, alarm-watched bakes and what rollback dry runs say of migrations. */
describe("release gates: database steps and alarm-watched bakes", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let outputs: Record<string, string>;
  let alarm: Awaited<ReturnType<typeof watchApiAlarm>>;

  const apiVersions = async () =>
    (
      await new LambdaClient(awsClientConfig(world.aws.aws.endpoint)).send(
        new ListVersionsByFunctionCommand({ FunctionName: outputs.apiFunctionName }),
      )
    ).Versions?.length ?? 0;

  before(async () => {
    world = await startReleaseWorld(["production"], {
      FLIGHTDECK_BAKE_SECONDS: "6",
      FLIGHTDECK_ALARM_POLL_MS: "250",
      FLIGHTDECK_BACKUP_COMMAND: 'echo "backup before $RELEASE_COMMIT"',
      // Runs in the released tree: says which commit it saw, refuses a destructive migration.
      FLIGHTDECK_MIGRATE_COMMAND: `echo "migrated $RELEASE_COMMIT" && ! grep -rqs "DROP TABLE" migrations`,
    });
    client = deploymentsClient(world.server);
    alarm = await watchApiAlarm(world, alarmName);
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    outputs = await client.outputs("production");
  });

  after(async () => {
    await world.stop();
  });

  it("backup and migrate run in the released commit's tree, after the checks and before `up`", async () => {
    const commit = world.repo.commit(
      {
        "migrations/001_users.sql": "CREATE TABLE users (id int);\n",
        "services/api/handler.ts": "export const api = 2;\n",
      },
      "users table",
    );
    const deployment = await client.deploy("production");
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.deepEqual(deployment.steps.map((s) => s.name).slice(4, 8), [
      "checks",
      "backup",
      "migrate",
      "up",
    ]);
    const [backup, migrate] = ["backup", "migrate"].map((name) =>
      deployment.steps.find((s) => s.name === name)!,
    );
    assert.match(String(backup?.detail?.outputTail), new RegExp(`backup before ${commit}`));
    assert.equal(typeof migrate?.detail?.durationMs, "number");
    assert.match(String(migrate?.detail?.outputTail), new RegExp(`migrated ${commit}`));
  });

  it("a rollback's dry run names the releases since the target that changed migrations", async () => {
    const dryRun = await client.start("production", "rollback", { services: ["api"] });
    assert.equal(dryRun.status, 400);
    const body = dryRun.body as unknown as {
      error: { code: string; message: string; details: { migrations: unknown } };
    };
    assert.equal(body.error.code, "confirmation_required");
    assert.deepEqual(body.error.details.migrations, [
      { tag: 2, files: ["migrations/001_users.sql"] },
    ]);
    assert.match(
      body.error.message,
      /release 2 \(migrations\/001_users.sql\) changed database migrations, which a rollback does not undo/,
    );
  });

  it("a failing migration stops the deploy before `up`: nothing is published or moved", async () => {
    const versions = await apiVersions();
    const before = await awsPointers(world.aws.aws.endpoint, outputs);
    world.repo.commit(
      {
        "migrations/002_drop.sql": "DROP TABLE users;\n",
        "services/api/handler.ts": "export const api = 3;\n",
      },
      "drop users",
    );
    const deployment = await client.deploy("production");
    assert.equal(deployment.status, "failed");
    assert.equal(deployment.error?.code, "migrate_failed");
    assert.match(deployment.error?.message ?? "", /nothing was deployed/);
    assert.deepEqual(deployment.steps.map((s) => s.name).slice(-3), [
      "checks",
      "backup",
      "migrate",
    ]);
    assert.equal(await apiVersions(), versions, "no version was published");
    assert.deepEqual(await awsPointers(world.aws.aws.endpoint, outputs), before);
  });

  it("an alarm entering ALARM during the bake rolls the release back at once and marks it bad", async () => {
    const previous = (await awsPointers(world.aws.aws.endpoint, outputs)).api;
    world.repo.commit(
      {
        "migrations/002_drop.sql": "-- dropped later\n",
        "services/api/handler.ts": "export const api = 4;\n",
      },
      "api 4",
    );
    const started = await client.start("production", "deploy");
    assert.equal(started.status, 202);
    // Once traffic moved to the new version, the alarm goes off.
    let shiftedTo: string | undefined;
    while (!shiftedTo) {
      const now = (await awsPointers(world.aws.aws.endpoint, outputs)).api;
      if (now !== previous) shiftedTo = now;
      else await sleep(20);
    }
    await alarm.set("ALARM");
    try {
      const deployment = await client.finished(started.body.deployment.id);
      assert.equal(deployment.status, "failed");
      assert.equal(deployment.error?.code, "alarm");
      assert.equal(deployment.rolledBack, true);
      assert.equal(deployment.releaseTag, 3);
      assert.match(
        deployment.error?.message ?? "",
        new RegExp(`release 3: alarm ${alarmName} in ALARM`),
      );
      assert.deepEqual(deployment.steps.map((s) => [s.name, s.status]).slice(-6), [
        ["verify", "succeeded"],
        ["traffic", "succeeded"],
        ["bake", "failed"],
        ["release", "succeeded"],
        ["rollback", "succeeded"],
        ["push", "succeeded"],
      ]);
      assert.equal(
        world.repo.remote!.git("tag", "--list", "3"),
        "3",
        "the bad release is tagged too",
      );
      assert.equal((await awsPointers(world.aws.aws.endpoint, outputs)).api, previous);
      const releases = await world.server.app.inject({
        url: "/stacks/production/releases",
        headers: world.server.auth("reader"),
      });
      const three = releases
        .json<{ items: Array<{ tag: number; bad: Record<string, { reason: string }> }> }>()
        .items.find((r) => r.tag === 3);
      assert.match(three?.bad.api?.reason ?? "", new RegExp(`alarm ${alarmName} in ALARM`));

      // Still firing: the next deploy stops before traffic, with nothing moved.
      world.repo.commit({ "services/api/handler.ts": "export const api = 5;\n" }, "api 5");
      const blocked = await client.deploy("production");
      assert.equal(blocked.status, "failed");
      assert.equal(blocked.error?.code, "alarm");
      assert.match(blocked.error?.message ?? "", /before traffic moved/);
      assert.equal((await awsPointers(world.aws.aws.endpoint, outputs)).api, previous);
    } finally {
      await alarm.set("OK");
    }
  });
});
