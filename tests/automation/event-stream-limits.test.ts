import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { Operation, OperationEvent } from "../../automation/journal/journal";
import { finalEventSeq } from "../../automation/routes/deployments/final-event";
import { parseEventStream, readEventStream } from "../support/event-stream-reader";
import { startServer, type ServerFixture } from "../support/server-fixture";
import { runningOperation } from "../support/stream-operations";

interface ErrorBody {
  error: { code: string; message: string; details?: { limit: number; scope: string } };
}

describe("event streams: when they end and how many may be open", () => {
  let server: ServerFixture;
  let base: string;
  const eventsUrl = (id: string) => `${base}/deployments/${id}/events`;

  before(async () => {
    server = await startServer({
      FLIGHTDECK_STREAMS_PER_TOKEN: "2",
      FLIGHTDECK_STREAMS_TOTAL: "3",
    });
    base = await server.url();
  });

  after(() => server.close());

  /** A finished operation as the server leaves one: its events, then the `status` event. */
  async function finishedOperation(stack: string): Promise<string> {
    const { journal } = server.app;
    const { id } = await journal.recordOperation({
      stack,
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    for (let n = 1; n <= 3; n++) await journal.appendEvent(id, "engine", { n });
    await journal.finishOperation(id, { status: "succeeded" });
    await journal.appendEvent(id, "status", { status: "succeeded" });
    return id;
  }

  /** Opens a stream and keeps it open; aborting it closes the connection. */
  async function openStream(id: string, token: "reader" | "deployer" | "admin") {
    const controller = new AbortController();
    const response = await fetch(eventsUrl(id), {
      headers: server.auth(token),
      signal: controller.signal,
    });
    return { response, close: () => controller.abort() };
  }

  it("answers 204 with no body once every event of a finished operation was delivered", async () => {
    const id = await finishedOperation("ended");
    for (const lastEventId of ["4", "5", "9999"]) {
      const response = await fetch(eventsUrl(id), {
        headers: { ...server.auth("reader"), "last-event-id": lastEventId },
      });
      assert.equal(response.status, 204, `Last-Event-ID ${lastEventId}`);
      assert.equal(await response.text(), "");
    }
  });

  it("answers 200 with the rest, then ends, while a finished operation has events not delivered", async () => {
    const id = await finishedOperation("rest");
    const rest = await fetch(eventsUrl(id), {
      headers: { ...server.auth("reader"), "last-event-id": "2" },
    });
    assert.equal(rest.status, 200);
    assert.deepEqual(
      parseEventStream(await rest.text()).map((e) => [e.seq, e.type]),
      [
        [3, "engine"],
        [4, "status"],
      ],
    );
    const all = await fetch(eventsUrl(id), { headers: server.auth("reader") });
    assert.equal(all.status, 200);
    assert.deepEqual(
      parseEventStream(await all.text()).map((e) => e.seq),
      [1, 2, 3, 4],
    );
  });

  it("keeps a running operation's stream open at its last event, and ends it with the status", async () => {
    const operation = await runningOperation(server.app, "running");
    await operation.emit("engine", { n: 1 });
    const stream = await readEventStream(eventsUrl(operation.id), {
      ...server.auth("reader"),
      "last-event-id": "1",
    });
    await operation.emit("engine", { n: 2 });
    assert.deepEqual((await stream.next())?.data, { n: 2 });
    await operation.finish();
    assert.deepEqual(
      (await stream.rest()).map((e) => [e.seq, e.type]),
      [[3, "status"]],
    );
    const again = await fetch(eventsUrl(operation.id), {
      headers: { ...server.auth("reader"), "last-event-id": "3" },
    });
    assert.equal(again.status, 204);
  });

  it("knows an operation's last event only once its status is journaled, or can no longer come", () => {
    const at = Date.parse("2026-01-01T00:00:00.000Z");
    const operation = (status: Operation["status"], finishedAt?: string) =>
      ({ status, finishedAt }) as Operation;
    const event = (seq: number, type: OperationEvent["type"]) => ({ seq, type }) as OperationEvent;
    const finishedAt = new Date(at).toISOString();
    assert.equal(finalEventSeq(operation("running"), event(7, "engine"), at), undefined);
    assert.equal(finalEventSeq(operation("failed", finishedAt), event(7, "status"), at), 7);
    // Finished a moment ago, its status event not journaled yet: it may still come.
    assert.equal(
      finalEventSeq(operation("failed", finishedAt), event(6, "engine"), at + 500),
      undefined,
    );
    // Its owner died between the two writes: none is coming.
    assert.equal(
      finalEventSeq(operation("failed", finishedAt), event(6, "engine"), at + 60_000),
      6,
    );
    assert.equal(finalEventSeq(operation("failed", finishedAt), undefined, at + 60_000), 0);
  });

  it("refuses a stream past the cap per token and overall with 429 and Retry-After, until one closes", async () => {
    const operation = await runningOperation(server.app, "capped");
    const refusal = async (token: "reader" | "deployer" | "admin", scope: string) => {
      const response = await fetch(eventsUrl(operation.id), { headers: server.auth(token) });
      assert.equal(response.status, 429, `${token} refused`);
      assert.equal(response.headers.get("retry-after"), "10");
      const { error } = (await response.json()) as ErrorBody;
      assert.equal(error.code, "too_many_streams");
      assert.equal(error.details?.scope, scope);
      return error;
    };

    const reader = [
      await openStream(operation.id, "reader"),
      await openStream(operation.id, "reader"),
    ];
    for (const stream of reader) assert.equal(stream.response.status, 200);
    assert.match((await refusal("reader", "token")).message, /token "dashboard" already has 2/);
    // Another token is still let in, up to the server's cap of 3.
    const deployer = await openStream(operation.id, "deployer");
    assert.equal(deployer.response.status, 200);
    await refusal("deployer", "server");
    await refusal("admin", "server");
    // A finished operation's client is still told to stop: a 204 holds no stream.
    const ended = await finishedOperation("ended-while-full");
    const stop = await fetch(eventsUrl(ended), {
      headers: { ...server.auth("admin"), "last-event-id": "4" },
    });
    assert.equal(stop.status, 204);

    // A client that leaves frees its slot.
    reader[0]!.close();
    let reopened = await openStream(operation.id, "reader");
    for (let tries = 0; reopened.response.status === 429 && tries < 50; tries++) {
      await sleep(20);
      reopened = await openStream(operation.id, "reader");
    }
    assert.equal(reopened.response.status, 200, "the slot came back once the client left");
    await refusal("admin", "server");

    // The operation's end ends its streams, and frees their slots.
    await operation.emit("engine", { n: 1 });
    await operation.finish();
    for (const stream of [reader[1]!, deployer, reopened]) {
      const events = parseEventStream(await stream.response.text());
      assert.equal(events.at(-1)?.type, "status");
    }
    const next = await runningOperation(server.app, "capped-again");
    const fresh = await Promise.all([
      openStream(next.id, "reader"),
      openStream(next.id, "reader"),
      openStream(next.id, "admin"),
    ]);
    assert.deepEqual(
      fresh.map((stream) => stream.response.status),
      [200, 200, 200],
    );
    await next.finish();
    await Promise.all(fresh.map((stream) => stream.response.text()));
  });
});
