import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Operation, OperationEvent } from "../../automation/journal/journal";
import { OperationEvents } from "../../automation/operations/operation-events";
import { JournalFollowers } from "../../automation/routes/deployments/journal-followers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A journal that counts its reads; the operation runs elsewhere until `finished`. */
function countingJournal() {
  const reads = { latest: 0, operation: 0, pages: 0 };
  const state = { seq: 1, finished: false };
  const event = (seq: number): OperationEvent => ({
    operationId: "op",
    seq,
    at: "now",
    type: seq > 2 ? "status" : "log",
    data: {},
  });
  const journal = {
    latestEvent: async () => (reads.latest++, event(state.seq)),
    getOperation: async () => {
      reads.operation++;
      return {
        status: state.finished ? "succeeded" : "running",
        finishedAt: state.finished ? new Date().toISOString() : undefined,
      } as Operation;
    },
    listEvents: async (_id: string, after = 0) => {
      reads.pages++;
      await sleep(20);
      return Array.from({ length: Math.max(0, state.seq - after) }, (_, i) => event(after + i + 1));
    },
  };
  return { journal, reads, state };
}

describe("journal followers", () => {
  it("poll an operation once however many streams follow it, announce new events and its end", async () => {
    const { journal, reads, state } = countingJournal();
    const events = new OperationEvents();
    const followers = new JournalFollowers(journal, events, 50);
    const announced: number[][] = Array.from({ length: 20 }, () => []);
    let ends = 0;
    const stops = announced.map((seen) => {
      const unsubscribe = events.subscribe(
        "op",
        () => undefined,
        () => ends++,
        (seq) => seen.push(seq),
      );
      const unfollow = followers.follow("op");
      return () => (unsubscribe(), unfollow());
    });
    await sleep(130);
    assert.ok(
      reads.latest >= 1 && reads.latest <= 3,
      `one poll per tick, not per stream: ${reads.latest}`,
    );
    state.seq = 3;
    state.finished = true;
    await sleep(120);
    assert.ok(
      announced.every((seen) => seen.at(-1) === 3),
      "every stream is told of the new event",
    );
    assert.equal(ends, 20, "and that no more will come");

    const pages = await Promise.all(announced.map(() => followers.listEvents("op", 1, 500)));
    assert.equal(reads.pages, 1, "streams at the same place share one read");
    assert.ok(pages.every((page) => page.length === 2));

    for (const stop of stops) stop();
    const after = reads.latest;
    await sleep(120);
    assert.equal(reads.latest, after, "no stream follows it: no more polls");
  });
});
