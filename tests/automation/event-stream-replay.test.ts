import assert from "node:assert/strict";
import { get, type IncomingMessage } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { foldedKind } from "../../automation/journal/folded-engine-events";
import type { Journal } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { replayPageSize } from "../../automation/routes/deployments/event-stream";
import { parseEventStream } from "../support/event-stream-reader";
import { startServer, type ServerFixture } from "../support/server-fixture";
import { runningOperation } from "../support/stream-operations";

/** Enough per event that a few pages fill any socket buffer between server and client. */
const padding = "x".repeat(4_000);
const seqsFrom = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** A response whose body nobody reads until asked: the client is as slow as it gets. */
async function openPaused(url: string, headers: Record<string, string>) {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(url, { headers }, resolve).on("error", reject),
  );
  assert.equal(response.statusCode, 200);
  response.pause();
  let text = "";
  /** Reads to the end; `slowly`, with a pause after every chunk. */
  const read = (slowly = false) =>
    new Promise<string>((resolve, reject) => {
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
        if (!slowly) return;
        response.pause();
        setTimeout(() => response.resume(), 2);
      });
      response.once("end", () => resolve(text));
      response.once("error", reject);
      response.resume();
    });
  return { read, received: (seq: number) => text.includes(`id: ${seq}\n`) };
}

/** Records the page sizes the server asks of the journal for one operation. */
function spyOnPages(journal: Journal, id: string) {
  const pages: Array<number | undefined> = [];
  const listEvents = journal.listEvents.bind(journal);
  journal.listEvents = (operationId, afterSeq, limit) => {
    if (operationId === id) pages.push(limit);
    return listEvents(operationId, afterSeq, limit);
  };
  return { pages, restore: () => (journal.listEvents = listEvents) };
}

/** Waits until `count` stops growing: the server is waiting on the client. */
async function settled(count: () => number): Promise<number> {
  for (let last = -1; ; await sleep(150)) {
    if (count() === last) return last;
    last = count();
  }
}

describe("event streams: replay of a long journal", () => {
  let server: ServerFixture;
  let base: string;

  before(async () => {
    server = await startServer();
    base = await server.url();
  });

  after(() => server.close());

  /** Another writer of the journal file, as a second instance would be. */
  async function journalOperation(stack: string, events: number): Promise<string> {
    const other = new SqliteJournal(server.app.config.journalPath);
    try {
      const { id } = await other.recordOperation({
        stack,
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      for (let n = 1; n < events; n++) await other.appendEvent(id, "log", { n, padding });
      await other.finishOperation(id, { status: "succeeded" });
      await other.appendEvent(id, "status", { status: "succeeded" });
      return id;
    } finally {
      await other.close();
    }
  }

  it("reads the journal a page at a time and only as fast as the client takes it", async () => {
    const total = 12 * replayPageSize;
    const id = await journalOperation("long", total);
    const spy = spyOnPages(server.app.journal, id);
    try {
      const stream = await openPaused(`${base}/deployments/${id}/events`, server.auth("reader"));
      const whilePaused = await settled(() => spy.pages.length);
      assert.ok(
        whilePaused <= 4,
        `the server read ${whilePaused} pages of ${total / replayPageSize} for a client that took nothing`,
      );
      const events = parseEventStream(await stream.read());
      assert.deepEqual(
        events.map((e) => e.seq),
        seqsFrom(1, total),
        "every event once, in order",
      );
      assert.equal(events.at(-1)?.type, "status");
      assert.ok(spy.pages.length >= total / replayPageSize, "read in pages");
      assert.ok(
        spy.pages.every((limit) => limit === replayPageSize),
        `pages: ${spy.pages.join(", ")}`,
      );
    } finally {
      spy.restore();
    }
  });

  it(
    "replays all of a long journal to a request with no HTTP socket behind it (inject)",
    { timeout: 60_000 },
    async () => {
      const id = await journalOperation("injected", 3 * replayPageSize);
      const response = await server.app.inject({
        url: `/deployments/${id}/events`,
        headers: server.auth("reader"),
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(
        parseEventStream(response.body).map((event) => event.seq),
        seqsFrom(1, 3 * replayPageSize),
      );
    },
  );

  it("skips and repeats nothing when live events arrive while a slow client is replayed", async () => {
    const operation = await runningOperation(server.app, "busy");
    const { journal } = server.app;
    const replayed = 3 * replayPageSize;
    for (let n = 1; n <= replayed; n++) await operation.emit("log", { n, padding });
    const stream = await openPaused(
      `${base}/deployments/${operation.id}/events`,
      server.auth("reader"),
    );
    const reading = stream.read(true);
    let seq = replayed;
    const live = async (count: number) => {
      for (let n = 1; n <= count; n++) {
        seq++;
        // Some journaled without being published: the stream finds them in the journal.
        if (n % 7 === 0) await journal.appendEvent(operation.id, "log", { seq, padding });
        else await operation.emit("log", { seq, padding });
        if (n % 10 === 0) await sleep(1);
      }
    };
    // While the replay is still being read, then once the client has caught up.
    await live(300);
    // A bound only against a hang: a loaded machine reads the megabytes slowly.
    for (let tries = 0; !stream.received(seq) && tries < 6000; tries++) await sleep(10);
    assert.ok(stream.received(seq), "the client caught up");
    await live(300);
    await operation.finish();
    const events = parseEventStream(await reading);
    assert.deepEqual(
      events.map((e) => e.seq),
      seqsFrom(1, seq + 1),
    );
    assert.equal(events.at(-1)?.type, "status");
  });
});

describe("event streams: the bound on engine events", () => {
  let server: ServerFixture;
  let base: string;

  before(async () => {
    server = await startServer({ FLIGHTDECK_ENGINE_EVENTS_PER_OPERATION: "100" });
    base = await server.url();
  });

  after(() => server.close());

  it("replays one summary for the oldest engine events and every step and status event", async () => {
    const operation = await runningOperation(server.app, "noisy");
    let steps = 0;
    for (let n = 0; n < 1_000; n++) {
      if (n % 200 === 0) {
        await operation.emit("step", { step: `s${n}`, status: "running" });
        steps++;
      }
      await operation.emit("engine", {
        kind: "resource-done",
        op: "create",
        type: "test:Thing",
        n,
      });
    }
    await operation.finish();
    const response = await fetch(`${base}/deployments/${operation.id}/events`, {
      headers: server.auth("reader"),
    });
    const events = parseEventStream(await response.text());
    const engine = events.filter((e) => e.type === "engine");
    assert.ok(engine.length <= 100, `${engine.length} engine events replayed`);
    assert.equal(events.filter((e) => e.type === "step").length, steps);
    assert.equal(events.at(-1)?.type, "status");
    const summaries = engine.filter((e) => e.data.kind === foldedKind);
    assert.equal(summaries.length, 1);
    assert.equal(summaries[0]!.data.events, 1_000 - (engine.length - 1));
    assert.deepEqual(summaries[0]!.data.counts, {
      kind: { "resource-done": summaries[0]!.data.events },
      op: { create: summaries[0]!.data.events },
      type: { "test:Thing": summaries[0]!.data.events },
      severity: {},
    });
    // The newest engine events come as they were, the last of them right before the status.
    assert.equal(engine.at(-1)?.data.n, 999);
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
  });
});
