import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, describe, it } from "node:test";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { s3LockKeys } from "../../automation/engine/s3-engine-locks";
import type { Operation } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { deploymentsClient } from "../support/deployments-client";
import { killGroup, startProcessWorld, type ProcessWorld } from "../support/server-processes";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { s3State, type S3State } from "../support/s3-state";

const lockDir = ".pulumi/locks/organization/flightdeck/production";

describe("an engine lock left in the S3 state bucket", () => {
  let world: ReleaseWorld;
  let state: S3State;
  let client: ReturnType<typeof deploymentsClient>;

  before(async () => {
    world = await startReleaseWorld(["production"], async (aws) => {
      state = await s3State(aws);
      // Short leases: an instance that stops heartbeating is taken over within seconds.
      return { ...state.env, FLIGHTDECK_LEASE_MS: "1500" };
    });
    client = deploymentsClient(world.server);
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
  });

  after(() => world.stop());

  /** An engine's lock object, as the CLI writes it. */
  async function putLock(holder: { hostname: string; pid: number; username: string }) {
    const key = `${lockDir}/${randomUUID()}.json`;
    const body = JSON.stringify({ ...holder, timestamp: new Date().toISOString() });
    await state.bucket.client.send(
      new PutObjectCommand({ Bucket: state.bucket.bucket, Key: key, Body: body }),
    );
    return key;
  }

  const locks = () => s3LockKeys(state.bucket, "flightdeck", "production");

  /**
   * Another instance on the same journal begins a deploy, its engine locks the stack and
   * it records the lock as ours do; then the instance is gone: it never heartbeats again.
   */
  async function instanceDiesMidUp(engineHost: string, enginePid: number): Promise<string> {
    const other = new SqliteJournal(
      join(world.server.dataDir, "journal.sqlite"),
      `${engineHost}:${enginePid}:0d0d0d0d`,
    );
    try {
      const begun = await other.beginOperation({
        stack: "production",
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      assert.ok("operation" in begun, JSON.stringify(begun));
      const key = await putLock({ hostname: engineHost, pid: enginePid, username: "flightdeck" });
      await other.appendEvent(begun.operation.id, "log", {
        message: "the engine locked the stack in the state bucket",
        engineLock: key,
      });
      return begun.operation.id;
    } finally {
      await other.close();
    }
  }

  async function interrupted(id: string): Promise<Operation> {
    for (let i = 0; i < 300; i++) {
      const operation = await client.get(id);
      if (operation.status !== "running") return operation;
      await sleep(100);
    }
    throw new Error(`operation ${id} was never taken over`);
  }

  const notes = async (id: string) =>
    (await world.server.app.journal.listEvents(id))
      .filter((event) => event.type === "log")
      .map((event) => String(event.data.message));

  it("by the engine of an instance that died on another host goes with its lease; the next deploy succeeds", async () => {
    const id = await instanceDiesMidUp("flightdeck-b.internal", 4242);
    assert.equal((await locks()).length, 1);
    const taken = await interrupted(id);
    assert.equal(taken.status, "interrupted");
    assert.deepEqual(await locks(), []);
    assert.ok(
      (await notes(id)).some((note) =>
        /^recovery: removed the engine lock \.pulumi\/locks\//.test(note),
      ),
    );
    const next = await client.deploy("production", { force: true });
    assert.equal(next.status, "succeeded", JSON.stringify(next.error));
  });

  it("by an engineer's `pulumi up`, or one of ours still running, blocks the stack through recoveries", async () => {
    // The refresh that follows the last deploy has ended: the stack is free for the other instance.
    await client.atRest("production");
    const engineers = await putLock({ hostname: "laptop-7", pid: 3131, username: "dana" });
    // The other instance is gone, but its engine outlived it here and still runs.
    const id = await instanceDiesMidUp(hostname(), process.pid);
    const [ours] = (await locks()).filter((key) => key !== engineers);
    assert.equal((await interrupted(id)).status, "interrupted");
    assert.deepEqual((await locks()).sort(), [engineers, ours].sort(), "neither was removed");
    assert.ok((await notes(id)).some((note) => /still runs here/.test(note)));

    await state.bucket.client.send(
      new DeleteObjectCommand({ Bucket: state.bucket.bucket, Key: ours }),
    );
    const refused = await client.start("production", "deploy", { force: true });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error?.code, "stack_locked");
    assert.match(
      refused.body.error?.message ?? "",
      /another pulumi process holds this stack's lock/,
    );
    assert.deepEqual(await locks(), [engineers]);

    // The engineer's run ends and takes its lock with it.
    await state.bucket.client.send(
      new DeleteObjectCommand({ Bucket: state.bucket.bucket, Key: engineers }),
    );
    const next = await client.deploy("production", { force: true });
    assert.equal(next.status, "succeeded", JSON.stringify(next.error));
  });
});

describe("a server killed mid-up with its state in S3", () => {
  let world: ProcessWorld;
  let state: S3State;

  before(async () => {
    world = await startProcessWorld({
      env: async (aws) => {
        state = await s3State(aws);
        return state.env;
      },
    });
  });

  afterEach((t) => {
    const failed = (t as { passed?: boolean }).passed === false;
    if (failed) world.logs.forEach((log, i) => console.error(`--- server ${i + 1} ---\n${log}`));
  });

  after(() => world.stop());

  const locks = () => s3LockKeys(state.bucket, "flightdeck", "production");

  it("leaves its engine's lock in the bucket; the server after it removes it through the lease, and deploys", async () => {
    const first = await world.start();
    const initial = await world.finished(
      first.url,
      await world.begin(first.url, "/stacks/production/deploy"),
    );
    assert.equal(initial.status, "succeeded", JSON.stringify(initial.error));

    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const id = await world.begin(first.url, "/stacks/production/deploy");
    await world.streamShows(first.url, id, '"engineLock"');
    await world.engineUpdating(first.url, id);
    killGroup(first.child);
    await new Promise((resolve) => first.child.once("exit", resolve));
    assert.equal((await locks()).length, 1, "the killed engine's lock is left");

    // Its start settles what the killed server left before it serves.
    const second = await world.start();
    const interrupted = (await world.call(`${second.url}/deployments/${id}`))
      .body as unknown as Operation;
    assert.equal(interrupted.status, "interrupted");
    assert.deepEqual(await locks(), []);
    const next = await world.finished(
      second.url,
      await world.begin(second.url, "/stacks/production/deploy"),
    );
    assert.equal(next.status, "succeeded", JSON.stringify(next.error));
    assert.deepEqual(next.affectedServices, ["api"]);
  });
});
