import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Operation } from "../automation/journal/journal";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { bareStack, benchHash } from "./bare-stack";
import { stepMs } from "./deploy-steps";
import { median, ms, timed } from "./stats";

/**
 * What releasing a commit costs over the old inline program: the worktree and linking
 * cached dependencies (journaled steps `checkout` and `install`), the local program's
 * `up` against the same `up` inline, and a deploy whose lockfile is cached against one
 * that needs `npm ci`. Runs alternate in one process.
 */
export async function releaseTreeCost(world: ReleaseWorld, runs: number): Promise<void> {
  const client = deploymentsClient(world.server);
  const bare = await bareStack(world, "bare-tree");
  await bare.up();

  const prepare: number[] = [];
  const localUp: number[] = [];
  const inlineUp: number[] = [];
  // Deploys of every service, the lockfile cached or not.
  const cachedDeploy: number[] = [];
  const installingDeploy: number[] = [];
  const npmCi: number[] = [];
  // git() trims: the committed file ends in one newline, so two or more make a new lockfile.
  const lockfile = world.repo.git("show", "HEAD:package-lock.json");
  // Part of the install's key too: new to an install folder that outlives the run (tiny mode).
  const npmrc = `# benchmark run ${randomUUID()}\n`;
  for (let i = 0; i < runs; i++) {
    world.repo.commit({ "services/api/handler.ts": `export const api = ${i + 100};\n` }, "api");
    const api = await client.deploy("production", {}, 10);
    assert.equal(api.status, "succeeded", JSON.stringify(api.error));
    assert.equal(api.steps.find((s) => s.name === "install")?.detail?.cached, true);
    prepare.push(stepMs(api, "checkout") + stepMs(api, "install"));
    localUp.push(stepMs(api, "up"));
    inlineUp.push(
      await timed(async () => {
        await bare.setConfig("flightdeck:apiGitHash", { value: benchHash(i + 100) });
        assert.equal((await bare.up()).summary.result, "succeeded");
      }),
    );

    // Two deploys of every service: one with the lockfile cached, one with the same
    // dependencies under a lockfile never seen, so that npm ci runs (from npm's cache).
    world.repo.commit({ "infra/bench.ts": `// run ${i}\n` }, "infra");
    let all: Operation | undefined;
    cachedDeploy.push(await timed(async () => (all = await client.deploy("production", {}, 10))));
    assert.equal(all?.status, "succeeded", JSON.stringify(all?.error));
    world.repo.commit(
      {
        "package-lock.json": `${lockfile}${"\n".repeat(i + 2)}`,
        ".npmrc": npmrc,
        "services/api/handler.ts": `export const api = ${i + 200};\n`,
      },
      "lockfile",
    );
    let installing: Operation | undefined;
    installingDeploy.push(
      await timed(async () => (installing = await client.deploy("production", {}, 10))),
    );
    assert.equal(installing?.status, "succeeded", JSON.stringify(installing?.error));
    assert.equal(installing.steps.find((s) => s.name === "install")?.detail?.cached, false);
    npmCi.push(stepMs(installing, "install"));
  }
  const added = median(prepare) + median(localUp) - median(inlineUp);
  console.log(`checkout + install (cached)       median ${ms(median(prepare))} over ${runs}`);
  console.log(
    `up: local program / inline         ${ms(median(localUp))} / ${ms(median(inlineUp))}`,
  );
  console.log(`worktree adds to a deploy          ${ms(added)} (target <= 1000 ms)`);
  console.log(`deploy of all, lockfile cached     median ${ms(median(cachedDeploy))}`);
  console.log(`deploy of all, lockfile new        median ${ms(median(installingDeploy))}`);
  console.log(`  of which npm ci                  median ${ms(median(npmCi))}`);
}
