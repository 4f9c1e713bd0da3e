import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, describe, it } from "node:test";
import type { Operation, OperationEvent } from "../../automation/journal/journal";
import { readEventStream } from "../support/event-stream-reader";
import { startPostgres, type PostgresServer } from "../support/postgres-server";
import { s3State } from "../support/s3-state";
import {
  killGroup,
  startProcessWorld,
  type ProcessWorld,
  type ServerProcess,
} from "../support/server-processes";

/** Short leases, so a dead instance's operations are taken over within seconds. */
const leaseMs = 4_000;

/**
 * Two server processes as a team runs them behind a load balancer: one PostgreSQL
 * journal, state in one S3 bucket with KMS-encrypted secrets. A runs under a host name
 * of its own, so B can learn of its death only from its lease, as across machines.
 */
describe("two instances on one PostgreSQL journal and one S3 state bucket", () => {
  let postgres: PostgresServer;
  let world: ProcessWorld;
  let a: ServerProcess;
  let b: ServerProcess;

  before(async () => {
    postgres = await startPostgres();
    const journalUrl = await postgres.createDatabase();
    world = await startProcessWorld({
      env: async (aws) => ({
        ...(await s3State(aws)).env,
        FLIGHTDECK_JOURNAL: journalUrl,
        FLIGHTDECK_LEASE_MS: String(leaseMs),
      }),
    });
    [a, b] = await Promise.all([
      world.start({}, { hostname: "flightdeck-a.internal" }),
      world.start(),
    ]);
  });

  afterEach((t) => {
    const failed = (t as { passed?: boolean }).passed === false;
    if (failed) world.logs.forEach((log, i) => console.error(`--- server ${i + 1} ---\n${log}`));
  });

  after(async () => {
    await world?.stop();
    await postgres?.stop();
  });

  it("runs exactly one of 20 deploys asked of both at once; the others are refused naming it, and a client of the other instance follows it live to its end", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        world.call(`${(i % 2 ? b : a).url}/stacks/production/deploy`, "POST", {}),
      ),
    );
    const started = answers.filter((answer) => answer.status === 202);
    assert.equal(started.length, 1, JSON.stringify(answers.map((answer) => answer.status)));
    const winnerIndex = answers.indexOf(started[0]!);
    const winner = started[0]!.body.deployment as Operation;
    const refused = answers.filter((answer) => answer.status === 409);
    assert.equal(refused.length, 19);
    for (const { body } of refused) {
      const error = body.error as { code: string; details: { holder: { operationId: string } } };
      assert.equal(error.code, "stack_busy");
      assert.equal(error.details.holder.operationId, winner.id);
    }

    // The winner runs on whichever instance took it; follow it from the other one.
    const other = winnerIndex % 2 ? a : b;
    const stream = await readEventStream(
      `${other.url}/deployments/${winner.id}/events`,
      world.headers,
    );
    const events: OperationEvent[] = [];
    for (let event = await stream.next(); event; event = await stream.next()) events.push(event);
    assert.deepEqual(
      events.map((event) => event.seq),
      events.map((_, i) => i + 1),
      "every event once, in order",
    );
    const last = events.at(-1)!;
    assert.equal(last.type, "status");
    assert.equal(last.data.status, "succeeded");
    assert.ok(
      events.some((event) => event.type === "engine"),
      "the engine's events came through",
    );
  });

  it("takes over a deploy whose instance was killed mid-up once its lease lapsed: the other reports it interrupted and deploys next", async () => {
    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const id = await world.begin(a.url, "/stacks/production/deploy");
    await world.engineUpdating(b.url, id);
    killGroup(a.child);
    const killedAt = Date.now();

    let taken: Operation | undefined;
    for (let i = 0; i < 600 && taken?.status !== "interrupted"; i++) {
      taken = (await world.call(`${b.url}/deployments/${id}`)).body as unknown as Operation;
      if (taken.status !== "interrupted") await sleep(100);
    }
    assert.equal(taken?.status, "interrupted", JSON.stringify(taken));
    // A renewed its lease at most a third of a lease before it died (half, on a slow
    // machine): taken over sooner, B would have taken it from a live instance.
    const heldFor = Date.parse(taken.finishedAt!) - killedAt;
    assert.ok(heldFor >= leaseMs / 2, `taken over ${heldFor} ms after the kill`);
    const next = await world.finished(b.url, await world.begin(b.url, "/stacks/production/deploy"));
    assert.equal(next.status, "succeeded", JSON.stringify(next.error));
    assert.deepEqual(next.affectedServices, ["api"]);
  });
  it("stops, through the other instance, a deploy one instance runs", async () => {
    const c = await world.start();
    world.repo.commit({ "services/api/handler.ts": "export const api = 3;\n" }, "api");
    // A canary's pause keeps the deploy running until it is cancelled.
    const id = await world.begin(c.url, "/stacks/production/deploy", {
      canary: { weight: 50, bakeSeconds: 300 },
    });
    await world.streamShows(c.url, id, '"step":"rollout","status":"running"');
    const asked = await world.call(`${b.url}/deployments/${id}/cancel`, "POST", {});
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const ended = await world.finished(b.url, id);
    assert.equal(ended.status, "cancelled", JSON.stringify(ended));
  });
  it("aborts, through the other instance, a rollout one instance holds on a manual pause", async () => {
    const d = await world.start();
    world.repo.commit({ "services/api/handler.ts": "export const api = 4;\n" }, "api");
    const id = await world.begin(d.url, "/stacks/production/deploy", {
      rollout: { api: { steps: [{ weight: 30, pause: "manual" }, { weight: 100 }] } },
    });
    await world.streamShows(d.url, id, '"state":"paused"');
    const asked = await world.call(`${b.url}/deployments/${id}/abort`, "POST", {
      reason: "INC-7: errors up",
    });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const ended = await world.finished(b.url, id);
    assert.equal(ended.status, "failed", JSON.stringify(ended));
    assert.equal(ended.error?.code, "rollout_aborted");
    assert.match(ended.error?.message ?? "", /aborted by ops: INC-7: errors up/);
    assert.equal(ended.rolledBack, true);
  });
});
