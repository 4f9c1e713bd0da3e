import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import Fastify from "fastify";
import { s3LockKeys } from "../../automation/engine/s3-engine-locks";
import type { StateBucket } from "../../automation/engine/state-bucket";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { EngineLockRecord } from "../../automation/operations/engine-lock-record";
import { OperationEvents } from "../../automation/operations/operation-events";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";

const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-engine-locks-"));
const quietMs = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the S3 engine lock of an instance that cannot be looked up from here", () => {
  let moto: MotoServer;
  let bucket: StateBucket;
  let journal: SqliteJournal;

  before(async () => {
    moto = await startMotoServer();
    const client = new S3Client({ ...awsClientConfig(moto.endpoint), forcePathStyle: true });
    await client.send(new CreateBucketCommand({ Bucket: "state" }));
    bucket = { bucket: "state", prefix: "", client };
    journal = new SqliteJournal(join(dataDir, "journal.sqlite"));
  });

  after(async () => {
    await journal.close();
    bucket.client.destroy();
    await moto.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const put = (key: string, body: string) =>
    bucket.client.send(new PutObjectCommand({ Bucket: "state", Key: key, Body: body }));
  const checkpoint = (n: number) =>
    put(".pulumi/stacks/flightdeck/production.json", JSON.stringify({ version: 3, n }));

  it("stays while its engine still writes the checkpoint, and goes once that stayed quiet for a lease", async () => {
    const record = new EngineLockRecord({
      bucket,
      projectName: "flightdeck",
      journal,
      operationEvents: new OperationEvents(),
      log: Fastify({ logger: false }).log,
    });
    const begun = await journal.beginOperation({
      stack: "production",
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    assert.ok("operation" in begun);
    const { operation } = begun;
    const key = `.pulumi/locks/organization/flightdeck/production/${randomUUID()}.json`;
    // Its engine ran in another host's container: its pid says nothing here.
    await put(key, JSON.stringify({ hostname: "flightdeck-b", pid: 4242, username: "fd" }));
    await journal.appendEvent(operation.id, "log", {
      message: "the engine locked the stack in the state bucket",
      engineLock: key,
      writer: "flightdeck-b:4242:abcd1234:boot:4026531836:1000",
    });
    await checkpoint(0);

    // The stale engine goes on writing for two leases.
    for (let n = 1; n <= 8; n++) {
      assert.equal(await record.clearLeftBy(operation, quietMs), false, `round ${n}`);
      await checkpoint(n);
      await sleep(quietMs / 4);
    }
    assert.deepEqual(await s3LockKeys(bucket, "flightdeck", "production"), [key]);

    // It stopped: a lease later its lock goes.
    assert.equal(await record.clearLeftBy(operation, quietMs), false, "quiet only just now");
    await sleep(quietMs + 50);
    assert.equal(await record.clearLeftBy(operation, quietMs), true);
    assert.deepEqual(await s3LockKeys(bucket, "flightdeck", "production"), []);
    const notes = (await journal.listEvents(operation.id)).map((e) => String(e.data.message));
    assert.ok(notes.some((note) => note.startsWith("recovery: removed the engine lock")));
  });
});
