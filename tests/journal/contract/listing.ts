import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Operation, OperationFilter } from "../../../automation/journal/journal";
import { cursorPattern } from "../../../automation/journal/list-query";
import { freshStack, type ContractContext } from "./context";

/** Newest first; operations created in the same millisecond in id order, descending. */
const newestFirst = (a: Operation, b: Operation) =>
  b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : b.id < a.id ? -1 : 1;

export function listingContract(context: ContractContext): void {
  describe("listing operations", () => {
    const stacks = [freshStack("alpha"), freshStack("beta"), freshStack("gamma")];
    const created: Operation[] = [];

    /** Every page of a filter, following nextCursor to the end. */
    async function allPages(filter: Omit<OperationFilter, "cursor">): Promise<Operation[]> {
      const seen: Operation[] = [];
      let cursor: string | undefined;
      do {
        const page = await context.journal.listOperations({ ...filter, cursor });
        assert.ok(page.items.length <= filter.limit);
        if (page.nextCursor) assert.match(page.nextCursor, new RegExp(cursorPattern));
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    }

    it("pages newest first with filters and a cursor, without gaps or repeats", async () => {
      const { journal } = context;
      for (let i = 0; i < 240; i++) {
        const op = await journal.recordOperation({
          stack: stacks[i % 3]!,
          kind: i % 2 ? "deploy" : "refresh",
          requestedBy: "p",
          request: { i },
        });
        await journal.startStep(op.id, "only");
        created.push(
          await journal.finishOperation(op.id, { status: i % 5 === 0 ? "failed" : "succeeded" }),
        );
      }
      const beta = await allPages({ stack: stacks[1], limit: 7 });
      const expected = created.filter((o) => o.stack === stacks[1]).sort(newestFirst);
      assert.equal(beta.length, 80);
      assert.deepEqual(
        beta.map((o) => o.id),
        expected.map((o) => o.id),
      );
      assert.deepEqual(beta, expected, "a listed operation is the operation, steps and all");

      const failedDeploys = await allPages({
        stack: stacks[0],
        status: "failed",
        kind: "deploy",
        limit: 5,
      });
      assert.deepEqual(
        failedDeploys.map((o) => o.id),
        created
          .filter((o) => o.stack === stacks[0] && o.status === "failed" && o.kind === "deploy")
          .sort(newestFirst)
          .map((o) => o.id),
      );
    });

    it("filters by status or kind alone, over every stack", async () => {
      const { journal } = context;
      const failed = await journal.listOperations({ status: "failed", limit: 100 });
      assert.ok(failed.items.length > 0);
      assert.ok(failed.items.every((o) => o.status === "failed"));
      assert.deepEqual(failed.items, [...failed.items].sort(newestFirst));
      const refreshes = await journal.listOperations({ kind: "refresh", limit: 100 });
      assert.ok(refreshes.items.length > 0);
      assert.ok(refreshes.items.every((o) => o.kind === "refresh"));
      const one = await journal.listOperations({ limit: 1 });
      assert.equal(one.items.length, 1);
      assert.ok(one.nextCursor);
      const empty = await journal.listOperations({ stack: freshStack("none"), limit: 10 });
      assert.deepEqual(empty, { items: [], nextCursor: undefined });
    });

    it("answers a page asked again with every write made since", async () => {
      const { journal } = context;
      const stack = freshStack("polled");
      const filter = { stack, limit: 5 };
      assert.deepEqual((await journal.listOperations(filter)).items, []);
      const op = await journal.recordOperation({
        stack,
        kind: "deploy",
        requestedBy: "p",
        request: {},
      });
      const listed = async () => (await journal.listOperations(filter)).items;
      assert.deepEqual(await listed(), [op]);
      assert.deepEqual(await listed(), [op], "asked twice with no write between");
      await journal.startStep(op.id, "up");
      assert.deepEqual(
        (await listed())[0]!.steps.map((step) => [step.name, step.status]),
        [["up", "running"]],
      );
      await journal.finishStep(op.id, "up", "succeeded", { resources: 3 });
      await journal.updateOperation(op.id, { summary: { result: "succeeded" } });
      const finished = await journal.finishOperation(op.id, { status: "succeeded" });
      assert.deepEqual(await listed(), [finished]);
    });

    it("takes any well-formed position as a cursor, and refuses anything else", async () => {
      const { journal } = context;
      const all = created.filter((o) => o.stack === stacks[2]).sort(newestFirst);
      const middle = all[10]!;
      const after = await journal.listOperations({
        stack: stacks[2],
        limit: 5,
        cursor: `${middle.createdAt}_${middle.id}`,
      });
      assert.deepEqual(
        after.items.map((o) => o.id),
        all.slice(11, 16).map((o) => o.id),
      );
      await assert.rejects(
        journal.listOperations({ limit: 5, cursor: "not-a-cursor" }),
        /cursor must be the nextCursor of a page/,
      );
    });
  });
}
