import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freshStack, newDeploy, sleep, type ContractContext } from "./context";

export function ownLeasesContract(context: ContractContext): void {
  describe("an instance's own leases", () => {
    it("renews only the operations it says it runs; one it no longer runs lapses and it claims it back", async () => {
      const owner = await context.open();
      const begin = async (label: string) => {
        const begun = await owner.beginOperation(newDeploy(freshStack(label)));
        assert.ok("operation" in begun);
        return begun.operation.id;
      };
      const runs = await begin("runs");
      const orphan = await begin("orphan");
      await sleep(300);
      assert.deepEqual(await owner.heartbeat([runs]), []);
      const claimed = (await owner.claimExpired(200)).map((o) => o.id);
      assert.ok(claimed.includes(orphan), "its unrenewed operation lapsed, and is recovered");
      assert.ok(!claimed.includes(runs), "the one it runs was renewed");
      assert.equal((await owner.settleInterrupted(orphan))?.status, "interrupted");
      assert.equal(
        (await owner.finishOperation(runs, { status: "succeeded" })).status,
        "succeeded",
      );
    });
  });
}
