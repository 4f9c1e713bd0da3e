import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Fastify from "fastify";
import type { AwsClients } from "../../automation/aws/aws-clients";
import type { OperationPatch, OperationStatus } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { LeaseKeeper } from "../../automation/operations/lease-keeper";
import { OperationEvents } from "../../automation/operations/operation-events";
import { RunningOperations } from "../../automation/operations/running-operations";
import { startOperation } from "../../automation/operations/start-operation";

const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-lease-keeper-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** A journal whose final writes fail while `failing` is above zero. */
class FlakyJournal extends SqliteJournal {
  failing = 0;

  override async finishOperation(
    id: string,
    patch: OperationPatch & { status: OperationStatus },
  ): Promise<Awaited<ReturnType<SqliteJournal["finishOperation"]>>> {
    if (this.failing > 0) {
      this.failing--;
      throw new Error("the journal did not answer");
    }
    return super.finishOperation(id, patch);
  }
}

const leaseMs = 300;

function setUp(name: string) {
  const journal = new FlakyJournal(join(dataDir, `${name}.sqlite`));
  const running = new RunningOperations();
  const log = Fastify({ logger: false }).log;
  const services = {
    journal,
    operationEvents: new OperationEvents(),
    runningOperations: running,
    log,
  };
  // No live state and no pointer moves: recovery has nothing to ask AWS.
  const keeper = new LeaseKeeper(journal, running, {} as AwsClients, leaseMs, log, async () => {});
  const start = async (stack: string) => {
    const started = await startOperation(
      services,
      { stack, kind: "deploy", requestedBy: "ci", request: {} },
      () => Promise.resolve(false),
      () => Promise.resolve({ status: "succeeded" as const }),
    );
    assert.ok("started" in started);
    await running.drain();
    return started.started.id;
  };
  return { journal, running, keeper, start };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an operation whose end could not be journaled", () => {
  it("is ended as it ended once the journal answers again, and its stack freed", async () => {
    const { journal, running, keeper, start } = setUp("retried");
    journal.failing = 1;
    const id = await start("retried");
    assert.equal((await journal.getOperation(id))?.status, "running");
    assert.equal(running.isRunning(id), false, "its pipeline is over");
    assert.ok(await journal.lockHolder("retried"), "the stack is still held");
    await keeper.sweep();
    const ended = await journal.getOperation(id);
    assert.equal(ended?.status, "succeeded", "its own outcome, journaled again");
    assert.equal(await journal.lockHolder("retried"), undefined);
    assert.deepEqual(running.leased(), []);
    await journal.close();
  });

  it("is recovered as interrupted when the write keeps failing, not held forever", async () => {
    const { journal, running, keeper, start } = setUp("given-up");
    journal.failing = 4;
    const id = await start("given-up");
    for (let round = 0; round < 3; round++) await keeper.sweep();
    assert.deepEqual(running.leased(), [], "given up after three rounds");
    assert.equal((await journal.getOperation(id))?.status, "running", "its lease still runs");
    await sleep(leaseMs + 50);
    await keeper.sweep();
    const recovered = await journal.getOperation(id);
    assert.equal(recovered?.status, "interrupted");
    assert.equal(await journal.lockHolder("given-up"), undefined, "the stack is free");
    await journal.close();
  });
});
