/**
 * flightdeck's benchmarks, on demand: `npm run bench`. Real engine, emulator and HTTP on
 * loopback; figures are medians of runs alternated in one process, so the ratios hold
 * on a noisy machine even where the absolute times do not. `FLIGHTDECK_BENCH_TINY=1`
 * runs each once, small (bench/size.ts): what tests/bench checks, figures meaningless.
 */
import { deploymentsClient } from "../tests/support/deployments-client";
import { startReleaseWorld } from "../tests/support/release-server";
import { badReleaseExposure } from "./bad-release-exposure";
import { crossInstanceEvents } from "./cross-instance-events";
import { benchDependencies } from "./dependencies-dir";
import { deploymentsListing } from "./deployments-listing";
import { deployVersusHandUp } from "./deploy-vs-hand-up";
import { journalListing } from "./journal-listing";
import { noopVersusFullDeploy } from "./noop-vs-full-deploy";
import { programFloor } from "./program-floor";
import { releaseTreeCost } from "./release-tree";
import { rollbackFlipVersusRedeploy } from "./rollback-flip-vs-redeploy";
import { rolloutControl } from "./rollout-control";
import { serverOverhead } from "./server-overhead";
import { repetitions, seededDeployments, tiny } from "./size";

/** `npm run bench -- rollback listing` runs only those; no names runs them all. */
const chosen = process.argv.slice(2);
const runs = (name: string) => chosen.length === 0 || chosen.includes(name);

/**
 * The benchmarks that run in a release world after its first release: one world in a real
 * run; in a tiny run two, about even, so that neither waits for the other's deploys.
 */
const worldShares = tiny
  ? [
      ["noop", "listing", "rollback", "handup"],
      ["overhead", "tree"],
    ]
  : [["noop", "overhead", "tree", "listing", "rollback", "handup"]];

/** The chosen benchmarks, grouped by the world they run in: no group needs another's. */
function groups(dependenciesDir: string): (() => Promise<void>)[] {
  const all: (() => Promise<void>)[] = [];
  for (const share of worldShares) {
    const names = share.filter(runs);
    if (names.length > 0) all.push(() => sharedWorldBenchmarks(dependenciesDir, names));
  }
  if (runs("exposure"))
    all.push(async () => {
      console.log("== bad-release exposure: what users could reach of a broken build");
      await badReleaseExposure(dependenciesDir);
    });
  if (runs("rollout"))
    all.push(async () => {
      console.log(
        "== api and mcp rollouts: decisions to weights in AWS, and a failing canary's exposure",
      );
      await rolloutControl(dependenciesDir, repetitions(5));
    });
  if (runs("journals"))
    all.push(async () => {
      console.log(
        `== GET /deployments over ${seededDeployments.toLocaleString("en")} deployments: SQLite vs PostgreSQL journal`,
      );
      await journalListing(10);
    });
  if (runs("instances"))
    all.push(async () => {
      console.log("== an event on instance A reaching a client of instance B (PostgreSQL)");
      await crossInstanceEvents(repetitions(3));
    });
  return all;
}

async function main(): Promise<void> {
  const dependencies = benchDependencies();
  try {
    // A real run measures one thing at a time, so that no benchmark loads another's
    // machine. A tiny run measures nothing: its groups run at once, each to its end.
    if (!tiny) for (const group of groups(dependencies.dir)) await group();
    else {
      const failed = (await Promise.allSettled(groups(dependencies.dir).map((group) => group())))
        .filter((result) => result.status === "rejected")
        .map((result) => result.reason as unknown);
      if (failed.length > 0) throw new AggregateError(failed, "benchmarks failed");
    }
  } finally {
    dependencies.remove();
  }
}

/** Those of `names` that share one world and its first release. */
async function sharedWorldBenchmarks(dependenciesDir: string, names: string[]): Promise<void> {
  const world = await startReleaseWorld(["production"], {
    LOG_LEVEL: "warn",
    FLIGHTDECK_DEPENDENCIES_DIR: dependenciesDir,
    FLIGHTDECK_CHECKS: JSON.stringify(["true"]),
  });
  try {
    const first = await deploymentsClient(world.server).deploy("production");
    if (first.status !== "succeeded") throw new Error(`the first deploy ended ${first.status}`);
    if (names.includes("noop")) {
      console.log("== no-op deploy vs full up");
      await noopVersusFullDeploy(world, repetitions(5));
    }
    if (names.includes("overhead")) {
      console.log("== server overhead around one up");
      await serverOverhead(world, repetitions(5));
    }
    if (names.includes("tree")) {
      console.log("== releasing a commit: worktree, dependencies, local program");
      await releaseTreeCost(world, repetitions(3));
      await programFloor(world, dependenciesDir, repetitions(5));
    }
    if (names.includes("listing")) {
      console.log("== GET /deployments while a deploy runs");
      await deploymentsListing(world, 60);
    }
    if (names.includes("rollback")) {
      console.log("== api rollback: alias flip vs redeploy through up");
      await rollbackFlipVersusRedeploy(world, repetitions(5));
    }
    if (names.includes("handup")) {
      console.log("== api deploy through the server vs a hand-run pulumi up of the same commit");
      await deployVersusHandUp(world, dependenciesDir, repetitions(5));
    }
  } finally {
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
