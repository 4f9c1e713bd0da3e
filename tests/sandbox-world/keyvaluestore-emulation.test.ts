import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CloudFrontClient, CreateKeyValueStoreCommand } from "@aws-sdk/client-cloudfront";
import {
  ConflictException,
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
  ResourceNotFoundException,
  UpdateKeysCommand,
  ValidationException,
  type CloudFrontKeyValueStoreClient,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import { createKeyValueStoreClient } from "../../automation/aws/keyvaluestore-client";
import { freeLoopbackPort } from "../../sandbox-world/free-port";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";
import { startRecordedMoto } from "../../sandbox-world/recorded-moto";

/** The data plane patched into moto (sandbox-world/moto_keyvaluestore.py), through the SDK's own client. */
describe("CloudFront KeyValueStore's data plane in the emulator", () => {
  let moto: MotoServer;
  let kvs: CloudFrontKeyValueStoreClient;
  let KvsARN: string;

  before(async () => {
    moto = await startMotoServer();
    const config = awsClientConfig(moto.endpoint);
    const created = await new CloudFrontClient(config).send(
      new CreateKeyValueStoreCommand({ Name: "emulation-cohort", Comment: "test" }),
    );
    KvsARN = created.KeyValueStore?.ARN ?? "";
    kvs = createKeyValueStoreClient(config, { maxAttempts: 1 });
  });

  after(async () => {
    await moto.stop();
  });

  it("describes an empty store with an ETag, then puts, reads and counts a key", async () => {
    const described = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }));
    assert.equal(described.KvsARN, KvsARN);
    assert.equal(described.Status, "READY");
    assert.equal(described.ItemCount, 0);
    assert.ok(described.ETag);
    const put = await kvs.send(
      new PutKeyCommand({ KvsARN, Key: "weight", Value: "50", IfMatch: described.ETag }),
    );
    assert.deepEqual([put.ItemCount, put.TotalSizeInBytes], [1, "weight".length + "50".length]);
    assert.notEqual(put.ETag, described.ETag);
    const got = await kvs.send(new GetKeyCommand({ KvsARN, Key: "weight" }));
    assert.equal(got.Value, "50");
    const again = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }));
    assert.equal(again.ETag, put.ETag);
  });

  it("refuses a write whose If-Match is not the store's current ETag, and changes nothing", async () => {
    const { ETag } = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }));
    await kvs.send(new PutKeyCommand({ KvsARN, Key: "stale", Value: "1", IfMatch: ETag }));
    await assert.rejects(
      kvs.send(new PutKeyCommand({ KvsARN, Key: "stale", Value: "2", IfMatch: ETag })),
      (error: unknown) =>
        error instanceof ConflictException && error.$metadata.httpStatusCode === 409,
    );
    assert.equal((await kvs.send(new GetKeyCommand({ KvsARN, Key: "stale" }))).Value, "1");
  });

  it("puts and deletes several keys in one UpdateKeys, and lists them in key order", async () => {
    const { ETag } = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }));
    const updated = await kvs.send(
      new UpdateKeysCommand({
        KvsARN,
        IfMatch: ETag,
        Puts: [
          { Key: "b", Value: "2" },
          { Key: "a", Value: "1" },
        ],
        Deletes: [{ Key: "stale" }],
      }),
    );
    assert.equal(updated.ItemCount, 3);
    const listed = await kvs.send(new ListKeysCommand({ KvsARN }));
    assert.deepEqual(
      listed.Items?.map((item) => `${item.Key}=${item.Value}`),
      ["a=1", "b=2", "weight=50"],
    );
    const deleted = await kvs.send(
      new DeleteKeyCommand({ KvsARN, Key: "a", IfMatch: updated.ETag }),
    );
    assert.equal(deleted.ItemCount, 2);
  });

  it("answers an unknown key or store with ResourceNotFoundException, a bad body with ValidationException", async () => {
    await assert.rejects(
      kvs.send(new GetKeyCommand({ KvsARN, Key: "nothing" })),
      (error: unknown) =>
        error instanceof ResourceNotFoundException && error.$metadata.httpStatusCode === 404,
    );
    await assert.rejects(
      kvs.send(
        new DescribeKeyValueStoreCommand({
          KvsARN: "arn:aws:cloudfront::123456789012:key-value-store/none",
        }),
      ),
      ResourceNotFoundException,
    );
    const { ETag } = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }));
    await assert.rejects(
      kvs.send(
        new UpdateKeysCommand({ KvsARN, IfMatch: ETag, Puts: [{ Key: "x", Value: undefined }] }),
      ),
      (error: unknown) =>
        error instanceof ValidationException && error.$metadata.httpStatusCode === 400,
    );
  });
});

describe("CloudFront KeyValueStore's keys across a restart of the sandbox's recorded emulator", () => {
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-kvs-replay-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("replays the writes, so the keys and the store's ETag are as they were", async () => {
    const recording = join(dir, "recording.jsonl");
    const port = await freeLoopbackPort();
    const first = await startRecordedMoto(recording, port);
    let KvsARN = "";
    let etag: string | undefined;
    try {
      const config = awsClientConfig(first.endpoint);
      const created = await new CloudFrontClient(config).send(
        new CreateKeyValueStoreCommand({ Name: "replayed-cohort", Comment: "" }),
      );
      KvsARN = created.KeyValueStore?.ARN ?? "";
      const kvs = createKeyValueStoreClient(config, { maxAttempts: 1 });
      const { ETag } = await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }));
      etag = (
        await kvs.send(new PutKeyCommand({ KvsARN, Key: "weight", Value: "25", IfMatch: ETag }))
      ).ETag;
    } finally {
      await first.stop();
    }
    const second = await startRecordedMoto(recording, port);
    try {
      assert.equal(second.replayed, true);
      const kvs = createKeyValueStoreClient(awsClientConfig(second.endpoint), { maxAttempts: 1 });
      assert.equal((await kvs.send(new GetKeyCommand({ KvsARN, Key: "weight" }))).Value, "25");
      assert.equal((await kvs.send(new DescribeKeyValueStoreCommand({ KvsARN }))).ETag, etag);
    } finally {
      await second.stop();
    }
  });
});
