import { deploymentsClient } from "../tests/support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../tests/support/release-server";
import {
  canaryExposure,
  exposureSteps,
  type CanaryExposure,
  type CanaryFault,
} from "./canary-exposure";
import { mcpRolloutDecisions } from "./mcp-rollout-decisions";
import { rolloutDecisions } from "./rollout-decisions";
import { median, ms } from "./stats";

/** The stack's analysis: judged every second, on a handful of canary requests. */
const analysis = { intervalSeconds: 1, minRequests: 5 };
/** The server's health probes of alias `live` during a step, as the scenario tests run them. */
const probeEveryMs = 100;

const settings = `config:
  flightdeck:stage: production
  flightdeck:name: fd
  flightdeck:analysis:
    minRequests: ${analysis.minRequests}
    intervalSeconds: ${analysis.intervalSeconds}
`;

const spread = (values: number[]) =>
  `median ${ms(median(values))}, max ${ms(Math.max(...values))} over ${values.length}`;

/**
 * Api rollouts in a release world of their own (the stack judges canaries every second):
 * how fast a decision (promote, abort) reaches alias `live` in AWS, and how much of a
 * user's traffic a failing canary answers before its rollout is stopped.
 */
export async function rolloutControl(dependenciesDir: string, runs: number): Promise<void> {
  const world = await startReleaseWorld(["production"], {
    LOG_LEVEL: "warn",
    FLIGHTDECK_DEPENDENCIES_DIR: dependenciesDir,
    FLIGHTDECK_CHECKS: JSON.stringify(["true"]),
    FLIGHTDECK_CANARY_PROBE_INTERVAL_MS: String(probeEveryMs),
  });
  try {
    world.repo.commit({ "Pulumi.production.yaml": settings }, "analysis every second");
    const first = await deploymentsClient(world.server).deploy("production");
    if (first.status !== "succeeded") throw new Error(`the first deploy ended ${first.status}`);

    const decisions = await rolloutDecisions(world, runs);
    console.log(`promote 10 → 50 % in AWS    ${spread(decisions.toFifty)} (goal ≤ 1 s)`);
    console.log(`promote 50 → 100 % in AWS   ${spread(decisions.toFull)} (goal ≤ 1 s)`);
    console.log(`abort at 50 % → 0 % in AWS  ${spread(decisions.aborted)} (goal ≤ 1 s)`);
    const mcp = await mcpRolloutDecisions(world, runs);
    console.log(`mcp: promote 10 → 50 % in AWS   ${spread(mcp.toFifty)} (goal ≤ 1 s)`);
    console.log(`mcp: abort at 50 % → 0 % in AWS ${spread(mcp.aborted)} (goal ≤ 1 s)`);

    await printExposure(world, "health", runs, "canary's health answers 503, caught by probes");
    await printExposure(
      world,
      "metrics",
      runs,
      "canary answers 200, its metrics err, caught by analysis",
    );
  } finally {
    await world.stop();
  }
}

/** `runs` failed rollouts of a build failing by `fault`; what the user got of the canary. */
async function printExposure(
  world: ReleaseWorld,
  fault: CanaryFault,
  runs: number,
  what: string,
): Promise<void> {
  const exposures: CanaryExposure[] = [];
  for (let i = 0; i < runs; i++)
    exposures.push(await canaryExposure(world, fault, `${fault} ${i}`));
  const weight = exposureSteps[0]!.weight;
  const requests = exposures.reduce((sum, e) => sum + e.requests, 0);
  const canary = exposures.reduce((sum, e) => sum + e.canaryAnswers, 0);
  const shares = exposures.map((e) => (100 * e.canaryAnswers) / Math.max(e.requests, 1));
  console.log(`== ${what}`);
  console.log(
    `canary share of requests (${fault})  ${((100 * canary) / Math.max(requests, 1)).toFixed(1)} % of ${requests}, max ${Math.max(...shares).toFixed(1)} % in one rollout (goal ≤ ${weight} %)`,
  );
  console.log(
    `canary served (${fault})  ${spread(exposures.map((e) => e.servedMs))} (goal ≤ one analysis interval, ${analysis.intervalSeconds} s; health probes every ${probeEveryMs} ms)`,
  );
}
