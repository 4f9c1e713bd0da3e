import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Fastify from "fastify";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { OperationEvents } from "../../automation/operations/operation-events";
import { RunningOperations } from "../../automation/operations/running-operations";
import { startOperation } from "../../automation/operations/start-operation";

const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-start-"));
const journal = new SqliteJournal(join(dataDir, "journal.sqlite"));
after(async () => {
  await journal.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("starting an operation", () => {
  const services = {
    journal,
    operationEvents: new OperationEvents(),
    runningOperations: new RunningOperations(),
    log: Fastify().log,
  };
  const input = { stack: "guarded", kind: "deploy" as const, requestedBy: "ci", request: {} };

  it("leaves no lock behind when the check after taking it throws", async () => {
    await assert.rejects(
      startOperation(
        services,
        input,
        () => Promise.reject(new Error("File URL host must be localhost")),
        () => Promise.resolve({ status: "succeeded" as const }),
      ),
      /File URL host/,
    );
    assert.equal(await journal.lockHolder("guarded"), undefined, "the stack is free again");
    const [failed] = (await journal.listOperations({ stack: "guarded", limit: 1 })).items;
    assert.equal(failed?.status, "failed");
    assert.equal(failed?.error?.code, "internal_error");
    const next = await startOperation(
      services,
      input,
      () => Promise.resolve(false),
      () => Promise.resolve({ status: "succeeded" as const }),
    );
    assert.ok("started" in next);
    await services.runningOperations.drain();
    assert.equal((await journal.getOperation(next.started.id))?.status, "succeeded");
  });

  it("ends an operation's events with its status, after those emitted without waiting", async () => {
    const published: number[] = [];
    const started = await startOperation(
      services,
      { ...input, stack: "emitting" },
      () => Promise.resolve(false),
      async ({ operation, recorder }) => {
        services.operationEvents.subscribe(
          operation.id,
          (event) => published.push(event.seq),
          () => undefined,
        );
        for (let n = 0; n < 5; n++) recorder.emit("engine", { n });
        return { status: "succeeded" as const };
      },
    );
    assert.ok("started" in started);
    await services.runningOperations.drain();
    const events = await journal.listEvents(started.started.id);
    assert.deepEqual(
      events.map((e) => e.data.n ?? e.data.status),
      [0, 1, 2, 3, 4, "succeeded"],
    );
    assert.deepEqual(
      published,
      events.map((e) => e.seq),
    );
  });
});
