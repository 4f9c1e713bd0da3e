import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { AwsClients } from "../../automation/aws/aws-clients";
import type { NewOperation } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { LeaseKeeper } from "../../automation/operations/lease-keeper";
import { RunningOperations } from "../../automation/operations/running-operations";
import { startServer, type ServerFixture } from "../support/server-fixture";

interface ErrorBody {
  error: { code: string; message: string };
}

describe("cancelling an operation through any instance", () => {
  let server: ServerFixture;
  /** Another instance on the server's journal: it runs the operations cancelled here. */
  let other: { journal: SqliteJournal; running: RunningOperations; keeper: LeaseKeeper };

  before(async () => {
    server = await startServer();
    const journal = new SqliteJournal(join(server.dataDir, "journal.sqlite"));
    const running = new RunningOperations();
    const keeper = new LeaseKeeper(
      journal,
      running,
      {} as AwsClients,
      30_000,
      server.app.log,
      async () => {},
    );
    other = { journal, running, keeper };
  });

  after(async () => {
    await other.journal.close();
    await server.close();
  });

  /** An operation the other instance runs, with the signal its pipeline would stop on. */
  async function runElsewhere(input: NewOperation) {
    const begun = await other.journal.beginOperation(input);
    assert.ok("operation" in begun);
    const controller = new AbortController();
    let finish = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    other.running.track(begun.operation.id, controller, done);
    const end = async () => {
      await other.journal.finishOperation(begun.operation.id, { status: "cancelled" });
      finish();
    };
    return { id: begun.operation.id, signal: controller.signal, end };
  }

  const cancel = (id: string, token: "deployer" | "admin") =>
    server.app.inject({
      method: "POST",
      url: `/deployments/${id}/cancel`,
      headers: server.auth(token),
    });

  it("reaches the instance that runs it through the journal, saying who asked", async () => {
    const { id, signal, end } = await runElsewhere({
      stack: "elsewhere",
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    assert.equal(server.app.runningOperations.isRunning(id), false, "not running here");
    const accepted = await cancel(id, "deployer");
    assert.equal(accepted.statusCode, 202, accepted.body);
    assert.equal(accepted.json<{ deployment: { id: string } }>().deployment.id, id);
    assert.equal(signal.aborted, false, "the owner has not looked yet");
    await other.keeper.sweep();
    assert.equal(signal.aborted, true, "its next lease round stops it");
    assert.match(String((signal.reason as Error).message), /cancelled by ci/);
    await end();
    assert.equal((await cancel(id, "deployer")).statusCode, 409);
  });

  it("needs the rollback scope to cancel a rollback", async () => {
    const { id, signal, end } = await runElsewhere({
      stack: "rolling-back",
      kind: "rollback",
      requestedBy: "ops-admin",
      request: {},
    });
    const refused = await cancel(id, "deployer");
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json<ErrorBody>().error.code, "forbidden");
    assert.match(refused.json<ErrorBody>().error.message, /"rollback" scope/);
    await other.keeper.sweep();
    assert.equal(signal.aborted, false, "nothing was recorded");
    assert.equal((await cancel(id, "admin")).statusCode, 202);
    await other.keeper.sweep();
    assert.equal(signal.aborted, true);
    await end();
  });
});
