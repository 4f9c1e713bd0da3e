import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freshStack, newDeploy, type ContractContext } from "./context";

export function cancelRequestsContract(context: ContractContext): void {
  describe("cancel requests", () => {
    it("records who asked to cancel a running operation, for its owner alone to read", async () => {
      const { journal } = context;
      const owner = await context.open();
      const begun = await owner.beginOperation(newDeploy(freshStack("cancelled")));
      assert.ok("operation" in begun);
      const { id } = begun.operation;
      assert.deepEqual(await owner.cancelRequests([id]), [], "nobody asked yet");
      assert.equal(await journal.requestCancel(id, "bob"), true);
      assert.equal(await journal.requestCancel(id, "carol"), true, "asked again");
      assert.deepEqual(await owner.cancelRequests([id, "not-running"]), [{ id, by: "bob" }]);
      assert.deepEqual(await journal.cancelRequests([id]), [], "only its owner stops it");
      await owner.finishOperation(id, { status: "cancelled" });
      assert.deepEqual(await owner.cancelRequests([id]), []);
      assert.equal(await journal.requestCancel(id, "dave"), false, "it has ended");
      assert.equal(await journal.requestCancel("no-such-operation", "dave"), false);
    });
  });
}
