import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foldedKind, type FoldedData } from "../../../automation/journal/folded-engine-events";
import type { Journal, OperationEvent } from "../../../automation/journal/journal";
import { freshStack, type ContractContext } from "./context";

const isFolded = (event: OperationEvent) => event.data.kind === foldedKind;
const engineOf = (events: OperationEvent[]) => events.filter((e) => e.type === "engine");

async function newOperation(journal: Journal, label: string): Promise<string> {
  const { id } = await journal.recordOperation({
    stack: freshStack(label),
    kind: "deploy",
    requestedBy: "ci",
    request: {},
  });
  return id;
}

export function eventsContract(context: ContractContext): void {
  describe("operation events", () => {
    it("reads an operation's events in pages and knows the newest", async () => {
      const { journal } = context;
      const id = await newOperation(journal, "pages");
      for (let i = 1; i <= 25; i++) {
        const event = await journal.appendEvent(id, "step", { i });
        assert.deepEqual(
          { seq: event.seq, operationId: event.operationId, data: event.data },
          { seq: i, operationId: id, data: { i } },
        );
      }
      assert.deepEqual(
        (await journal.listEvents(id, 0, 10)).map((e) => e.seq),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      assert.deepEqual(
        (await journal.listEvents(id, 20, 10)).map((e) => e.seq),
        [21, 22, 23, 24, 25],
      );
      assert.equal((await journal.listEvents(id, 25, 10)).length, 0);
      const latest = await journal.latestEvent(id);
      assert.deepEqual(latest, (await journal.listEvents(id, 24))[0]);
      assert.equal(latest?.seq, 25);
      assert.equal(await journal.latestEvent("no-such-operation"), undefined);
      assert.deepEqual(await journal.listEvents("no-such-operation"), []);
    });

    it("journals a batch of events under consecutive seqs, in the order given", async () => {
      const { journal } = context;
      const id = await newOperation(journal, "batch");
      await journal.appendEvent(id, "step", { step: "up", status: "running" });
      const batch = await journal.appendEvents(
        id,
        Array.from({ length: 5 }, (_, i) => ({ type: "engine" as const, data: { i } })),
      );
      assert.deepEqual(
        batch.map((e) => [e.seq, e.data.i, e.operationId]),
        [1, 2, 3, 4, 5].map((seq, i) => [seq + 1, i, id]),
      );
      assert.deepEqual(await journal.appendEvents(id, []), []);
      const after = await journal.appendEvent(id, "log", { message: "after" });
      assert.equal(after.seq, 7);
      assert.deepEqual(await journal.listEvents(id, 1, 5), batch);
    });

    it("folds engine events that come in batches, as when they come one by one", async () => {
      const limit = 100;
      const journal = await context.open({ engineEventsPerOperation: limit });
      const id = await newOperation(journal, "folded-batches");
      for (let b = 0; b < 10; b++) {
        await journal.appendEvents(
          id,
          Array.from({ length: 37 }, (_, i) => ({
            type: "engine" as const,
            data: { i: b * 37 + i },
          })),
        );
        assert.ok(engineOf(await journal.listEvents(id)).length <= limit);
      }
      const engine = engineOf(await journal.listEvents(id));
      const summary = engine[0]!.data as unknown as FoldedData;
      assert.ok(isFolded(engine[0]!));
      assert.equal(
        summary.events + engine.length - 1,
        370,
        "every engine event is kept or counted",
      );
      assert.equal(engine.at(-1)?.seq, 370);
    });

    it("gives concurrent appends to one operation, from two instances, distinct seqs without gaps", async () => {
      const second = await context.open();
      const id = await newOperation(context.journal, "concurrent-events");
      const appended = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? second : context.journal).appendEvent(id, "log", { i }),
        ),
      );
      assert.deepEqual(
        appended.map((e) => e.seq).sort((a, b) => a - b),
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      const listed = await context.journal.listEvents(id);
      assert.deepEqual(listed.map((e) => e.data.i).sort(), appended.map((e) => e.data.i).sort());
    });

    it("folds the oldest engine events into one summary, keeping every step, log and status event", async () => {
      const limit = 100;
      const journal = await context.open({ engineEventsPerOperation: limit });
      const id = await newOperation(journal, "folded");
      const total = 400;
      const kept: OperationEvent[] = [];
      const engineSeqs: number[] = [];
      let mostEngine = 0;
      kept.push(await journal.appendEvent(id, "step", { step: "up", status: "running" }));
      for (let i = 0; i < total; i++) {
        const event = await journal.appendEvent(id, "engine", {
          kind: i % 2 ? "resource-done" : "resource-started",
          op: i % 4 < 2 ? "create" : "update",
          type: i % 3 ? "aws:s3/bucket:Bucket" : "aws:lambda/function:Function",
          urn: `urn:${i}`,
        });
        engineSeqs.push(event.seq);
        if (i % 97 === 0) kept.push(await journal.appendEvent(id, "log", { i }));
        if (i % 150 === 0) kept.push(await journal.appendEvent(id, "step", { step: `s${i}` }));
        if (i % 10 === 9 || i > total - 15) {
          mostEngine = Math.max(mostEngine, engineOf(await journal.listEvents(id)).length);
        }
      }
      kept.push(await journal.appendEvent(id, "step", { step: "up", status: "succeeded" }));
      kept.push(await journal.appendEvent(id, "status", { status: "succeeded" }));

      assert.ok(mostEngine <= limit, `at most ${limit} engine events at a time, saw ${mostEngine}`);
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
      assert.deepEqual(
        engine[0],
        summary,
        "the summary stands where the oldest engine events were",
      );
      assert.equal(data.events + raw.length, total, "every engine event is kept or counted");
      assert.deepEqual(
        raw.map((e) => e.seq),
        engineSeqs.slice(-raw.length),
        "the newest engine events are kept as they were",
      );
      assert.equal(data.fromSeq, engineSeqs[0]);
      assert.equal(data.toSeq, summary.seq);
      assert.equal(
        engineSeqs[data.events - 1],
        summary.seq,
        "it takes the seq of the newest folded",
      );
      const sum = (tally: Record<string, number>) =>
        Object.values(tally).reduce((a, b) => a + b, 0);
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

    it("keeps event data as it was given, whatever characters it holds", async () => {
      const { journal } = context;
      const id = await newOperation(journal, "characters");
      const data = {
        message: 'a "quoted" line\twith tabs, \\ backslashes, \u0000 a NUL escape and ünïcödé ✓',
        nested: { list: [1.5, -2, true, null, { deep: "x" }], empty: {} },
        big: 2 ** 52,
      };
      await journal.appendEvent(id, "log", data);
      assert.deepEqual((await journal.listEvents(id))[0]?.data, data);
    });
  });
}
