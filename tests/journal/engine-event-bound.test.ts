import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  EngineEventBound,
  foldedKind,
  type FoldedData,
} from "../../automation/journal/folded-engine-events";
import type { OperationEvent } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";

const isFolded = (event: OperationEvent) => event.data.kind === foldedKind;
const engineOf = (events: OperationEvent[]) => events.filter((e) => e.type === "engine");

describe("the bound on engine events per operation", () => {
  const limit = 100;
  let dir: string;
  let journal: SqliteJournal;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "flightdeck-bound-"));
    journal = new SqliteJournal(join(dir, "journal.sqlite"), undefined, {
      engineEventsPerOperation: limit,
    });
  });

  after(async () => {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("folds the oldest engine events into one summary, keeping every step, log and status event", async () => {
    const { id } = await journal.recordOperation({
      stack: "big",
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    const kept: OperationEvent[] = [];
    const engineSeqs: number[] = [];
    let mostEngine = 0;
    kept.push(await journal.appendEvent(id, "step", { step: "up", status: "running" }));
    for (let i = 0; i < 1_000; i++) {
      const event = await journal.appendEvent(id, "engine", {
        kind: i % 2 ? "resource-done" : "resource-started",
        op: i % 4 < 2 ? "create" : "update",
        type: i % 3 ? "aws:s3/bucket:Bucket" : "aws:lambda/function:Function",
        urn: `urn:${i}`,
      });
      engineSeqs.push(event.seq);
      if (i % 97 === 0) kept.push(await journal.appendEvent(id, "log", { i }));
      if (i % 250 === 0) kept.push(await journal.appendEvent(id, "step", { step: `s${i}` }));
      mostEngine = Math.max(mostEngine, engineOf(await journal.listEvents(id)).length);
    }
    kept.push(await journal.appendEvent(id, "step", { step: "up", status: "succeeded" }));
    kept.push(await journal.appendEvent(id, "status", { status: "succeeded" }));

    assert.ok(mostEngine <= limit, `at most ${limit} engine events at any time, saw ${mostEngine}`);
    const events = await journal.listEvents(id);
    assert.deepEqual(
      events.filter((e) => e.type !== "engine"),
      kept,
      "step, log and status events are all there, unchanged",
    );
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    assert.equal(new Set(seqs).size, seqs.length, "no seq twice");

    const engine = engineOf(events);
    const folded = engine.filter(isFolded);
    assert.equal(folded.length, 1, "one summary");
    const summary = folded[0]!;
    const data = summary.data as unknown as FoldedData;
    const raw = engine.filter((e) => !isFolded(e));
    assert.equal(engine[0], summary, "the summary stands where the oldest engine events were");
    assert.equal(data.events + raw.length, 1_000, "every engine event is kept or counted");
    assert.deepEqual(
      raw.map((e) => e.seq),
      engineSeqs.slice(-raw.length),
      "the newest engine events are kept as they were",
    );
    assert.equal(data.fromSeq, engineSeqs[0]);
    assert.equal(data.toSeq, summary.seq);
    assert.equal(engineSeqs[data.events - 1], summary.seq, "it takes the seq of the newest folded");
    const sum = (tally: Record<string, number>) => Object.values(tally).reduce((a, b) => a + b, 0);
    assert.equal(sum(data.counts.kind), data.events);
    assert.equal(sum(data.counts.op), data.events);
    assert.equal(sum(data.counts.type), data.events);
    assert.equal(data.counts.op.create! + data.counts.op.update!, data.events);
    assert.ok(data.counts.type["aws:lambda/function:Function"]! > 0);
    assert.match(data.message, new RegExp(`^${data.events} earlier engine events summarized`));

    // A client that last saw a folded seq gets the summary and everything after it.
    const foldedSeq = engineSeqs[5]!;
    assert.ok(!seqs.includes(foldedSeq), "that seq was folded");
    const resumed = await journal.listEvents(id, foldedSeq);
    assert.deepEqual(
      resumed.map((e) => e.seq),
      seqs.filter((seq) => seq > foldedSeq),
    );
    assert.ok(resumed.some(isFolded));
    // The newest event was never folded: the next seq follows the last one.
    const last = (await journal.latestEvent(id))!;
    assert.equal(last.type, "status");
    assert.equal((await journal.appendEvent(id, "log", { after: true })).seq, last.seq + 1);
  });

  it("reads an operation's events in pages", async () => {
    const { id } = await journal.recordOperation({
      stack: "pages",
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    for (let i = 1; i <= 25; i++) await journal.appendEvent(id, "step", { i });
    assert.deepEqual(
      (await journal.listEvents(id, 0, 10)).map((e) => e.seq),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.deepEqual(
      (await journal.listEvents(id, 20, 10)).map((e) => e.seq),
      [21, 22, 23, 24, 25],
    );
    assert.equal((await journal.listEvents(id, 25, 10)).length, 0);
    assert.equal((await journal.latestEvent(id))?.seq, 25);
    assert.equal(await journal.latestEvent("no-such-operation"), undefined);
  });

  it("never lets the count pass the limit between two folds", () => {
    for (const bound of [10, 11, 100, 999, 5_000].map((n) => new EngineEventBound(n))) {
      assert.equal(bound.keep + bound.every, bound.limit);
      // The first fold comes at the latest when `limit` events are journaled.
      const first = Array.from({ length: bound.limit }, (_, i) => i + 1).find((seq) =>
        bound.due(seq),
      );
      assert.ok(first !== undefined && first <= bound.limit, `limit ${bound.limit}`);
    }
    assert.throws(() => new EngineEventBound(9), /10 or more/);
  });
});
