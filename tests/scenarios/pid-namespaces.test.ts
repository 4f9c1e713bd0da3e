import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import type { Operation } from "../../automation/journal/journal";
import { startProcessWorld, type ProcessWorld } from "../support/server-processes";

const canUnshare = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", "true"]).status === 0;

/**
 * Two containers with host networking: the same host name, a PID namespace each, one
 * journal and one data directory. Neither sees the other's processes, so neither may
 * take the other for dead: a pid of the other names another process here, or none.
 */
describe(
  "two instances under one host name in PID namespaces of their own",
  { skip: !canUnshare && "needs unshare (root)" },
  () => {
    let world: ProcessWorld;

    before(async () => {
      world = await startProcessWorld({ env: async () => ({ FLIGHTDECK_LEASE_MS: "60000" }) });
    });

    afterEach((t) => {
      const failed = (t as { passed?: boolean }).passed === false;
      if (failed) world.logs.forEach((log, i) => console.error(`--- server ${i + 1} ---\n${log}`));
    });

    after(() => world?.stop());

    /** The release worktrees of every instance, under the shared data directory. */
    const releaseWorktrees = () => {
      const root = join(world.dataDir, "data", "worktrees");
      return readdirSync(root).flatMap((instance) =>
        readdirSync(join(root, instance)).map((tree) => `${instance}/${tree}`),
      );
    };

    it("leaves the other's live deploy and its worktree alone when it starts, and the deploy succeeds", async () => {
      const a = await world.start({}, { pidNamespace: true });
      const first = await world.begin(a.url, "/stacks/production/deploy");
      const released = await world.finished(a.url, first);
      assert.equal(released.status, "succeeded", JSON.stringify(released.error));
      world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
      // Held on a manual pause, the deploy runs (with its worktree) for as long as B takes to start.
      const id = await world.begin(a.url, "/stacks/production/deploy", {
        rollout: { api: { steps: [{ weight: 50, pause: "manual" }, { weight: 100 }] } },
      });
      await world.streamShows(a.url, id, '"state":"paused"');
      const worktrees = releaseWorktrees();
      assert.equal(worktrees.length, 1, JSON.stringify(worktrees));

      // B starts mid-deploy: it clears dead servers' worktrees and claims dead owners' operations.
      const b = await world.start();
      const seen = (await world.call(`${b.url}/deployments/${id}`)).body as unknown as Operation;
      assert.equal(seen.status, "running", "not taken from a live owner");
      assert.deepEqual(releaseWorktrees(), worktrees, "the live deploy's worktree is left alone");
      const busy = await world.call(`${b.url}/stacks/production/deploy`, "POST", {});
      assert.equal(busy.status, 409, JSON.stringify(busy.body));

      const promoted = await world.call(`${b.url}/deployments/${id}/promote`, "POST", {});
      assert.equal(promoted.status, 202, JSON.stringify(promoted.body));
      const done = await world.finished(a.url, id);
      assert.equal(done.status, "succeeded", JSON.stringify(done.error));
    });
  },
);
