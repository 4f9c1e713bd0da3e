import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EngineEventBound } from "../../automation/journal/folded-engine-events";

/**
 * The bound itself; what a journal does with it, folding an operation's oldest engine
 * events, is the contract's (contract/events.ts), on every journal.
 */
describe("the bound on engine events per operation", () => {
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
