import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LiveService, LiveState } from "../../../automation/domain/live-state";
import type { ReleaseManifest } from "../../../automation/domain/release";
import { freshStack, refusedAsDuplicate, type ContractContext } from "./context";

const service = (tag: number): LiveService => ({ gitHash: `h${tag}`, pointer: String(tag), tag });

const liveState = (
  stack: string,
  tag: number,
  updatedAt = new Date().toISOString(),
): LiveState => ({
  stack,
  services: { api: service(tag), web: service(tag), mcp: service(tag) },
  outputs: {} as LiveState["outputs"],
  updatedAt,
});

const manifest = (stack: string, tag: number): ReleaseManifest => ({
  stack,
  tag,
  commit: `${tag}`.repeat(7),
  deploymentId: `d${tag}`,
  createdAt: new Date().toISOString(),
  services: {
    api: { gitHash: "a", pointer: String(tag) },
    web: { gitHash: "b", pointer: "b" },
    mcp: { gitHash: "c", pointer: "arn" },
  },
});

export function liveTruthContract(context: ContractContext): void {
  describe("live truth", () => {
    it("settles a pointer move once, with live state and the bad release in the same transaction", async () => {
      const { journal } = context;
      const stack = freshStack("moves");
      const op = await journal.recordOperation({
        stack,
        kind: "rollback",
        requestedBy: "bob",
        request: {},
      });
      await journal.saveLiveState(liveState(stack, 2, "t"));
      const target = service(1);
      const intent = {
        operationId: op.id,
        stack,
        service: "api" as const,
        from: "2",
        to: "1",
        target,
      };
      const id = await journal.openPointerMove(intent);
      assert.deepEqual(await journal.pointerMoves(op.id), [{ ...intent, id, state: "open" }]);
      const bad = {
        tag: 2,
        at: "now",
        by: "bob",
        reason: "rolled back to release 1",
        operationId: op.id,
      };
      await journal.settlePointerMove(id, { moved: true, live: target, bad });
      const live = await journal.liveState(stack);
      assert.deepEqual(live?.services.api, target);
      assert.deepEqual(live?.services.web, service(2), "other services stay");
      assert.notEqual(live?.updatedAt, "t");
      assert.deepEqual(await journal.badReleases(stack), [{ stack, service: "api", ...bad }]);
      await journal.settlePointerMove(id, { moved: false });
      assert.deepEqual(
        (await journal.pointerMoves(op.id)).map((m) => m.state),
        ["moved"],
        "settled once",
      );
      const unmoved = await journal.openPointerMove({ ...intent, service: "web", to: "" });
      await journal.settlePointerMove(unmoved, { moved: false });
      assert.deepEqual(
        (await journal.pointerMoves(op.id)).map((m) => [m.id, m.service, m.state]),
        [
          [id, "api", "moved"],
          [unmoved, "web", "not_moved"],
        ],
      );
      assert.deepEqual((await journal.liveState(stack))?.services.web, service(2));
      await assert.rejects(journal.settlePointerMove(unmoved + 1000, { moved: false }), RangeError);
      assert.deepEqual(await journal.badReleases(freshStack("clean")), []);
    });

    it("keeps both of two moves on one stack settled at once, from two instances", async () => {
      const second = await context.open();
      const { journal } = context;
      const stack = freshStack("parallel-moves");
      const op = await journal.recordOperation({
        stack,
        kind: "rollback",
        requestedBy: "bob",
        request: {},
      });
      await journal.saveLiveState(liveState(stack, 5));
      const moves = await Promise.all(
        (["api", "web", "mcp"] as const).map(async (name) => ({
          name,
          id: await journal.openPointerMove({
            operationId: op.id,
            stack,
            service: name,
            from: "5",
            to: "4",
            target: service(4),
          }),
        })),
      );
      await Promise.all(
        moves.map(({ id }, i) =>
          (i % 2 ? second : journal).settlePointerMove(id, { moved: true, live: service(4) }),
        ),
      );
      assert.deepEqual((await journal.liveState(stack))?.services, {
        api: service(4),
        web: service(4),
        mcp: service(4),
      });
    });

    it("keeps the last check against AWS until a newer one", async () => {
      const { journal } = context;
      const stack = freshStack("checked");
      await journal.saveLiveCheck(
        stack,
        { at: "t0", operationId: "x", agreed: true, drift: [] },
        liveState(stack, 1).services,
      );
      assert.equal(await journal.liveState(stack), undefined, "no live state, nothing to check");
      await journal.saveLiveState(liveState(stack, 3));
      const check = {
        at: new Date().toISOString(),
        operationId: "reconcile-1",
        agreed: false,
        drift: [{ service: "api" as const, journal: "3", aws: "2" }],
      };
      await journal.saveLiveCheck(stack, check, {
        ...liveState(stack, 3).services,
        api: service(2),
      });
      const checked = await journal.liveState(stack);
      assert.deepEqual(checked?.lastCheck, check);
      assert.deepEqual(checked?.services.api, service(2));
      await journal.saveLiveState(liveState(stack, 4));
      const saved = await journal.liveState(stack);
      assert.deepEqual(saved?.lastCheck, check, "a save without a check keeps the last one");
      assert.deepEqual(saved?.services.mcp, service(4));
    });

    it("records releases per stack and moves the live state with them, in the same transaction", async () => {
      const { journal } = context;
      const stack = freshStack("rel");
      const saved = [1, 2, 10].map((tag) => manifest(stack, tag));
      for (const release of saved) await journal.saveRelease(release);
      assert.deepEqual(await journal.latestRelease(stack), saved[2]);
      assert.deepEqual(await journal.getRelease(stack, 2), saved[1]);
      assert.equal(await journal.getRelease(stack, 3), undefined);
      assert.deepEqual(
        (await journal.listReleases(stack)).map((m) => m.tag),
        [1, 2, 10],
      );
      assert.equal(await journal.latestRelease(freshStack("none")), undefined);
      assert.deepEqual(await journal.listReleases(freshStack("none")), []);
      await assert.rejects(
        journal.saveRelease(manifest(stack, 2)),
        refusedAsDuplicate,
        "one release per tag",
      );

      // A release refused as a duplicate leaves the live state as it was.
      await journal.saveRelease(manifest(stack, 11), liveState(stack, 11));
      assert.equal((await journal.liveState(stack))?.services.api.tag, 11);
      await assert.rejects(
        journal.saveRelease(manifest(stack, 11), liveState(stack, 12)),
        refusedAsDuplicate,
      );
      assert.equal((await journal.liveState(stack))?.services.api.tag, 11);
      await journal.saveLiveState(liveState(stack, 2));
      assert.equal((await journal.liveState(stack))?.services.api.pointer, "2");
      assert.equal(await journal.liveState(freshStack("none")), undefined);
    });
  });
}
