import { Command, InvalidArgumentError } from "commander";
import { action, withJson } from "../command-context";
import { stackPath, startAndFollow } from "../start-and-follow";

/** `10:300` → 10 % of the api's traffic for a 300 s bake. */
export function parseCanary(value: string): { weight: number; bakeSeconds: number } {
  const match = /^(\d+(?:\.\d+)?):(\d+)$/.exec(value);
  const weight = Number(match?.[1]);
  const bakeSeconds = Number(match?.[2]);
  if (!match || !(weight > 0 && weight < 100) || !(bakeSeconds >= 1 && bakeSeconds <= 3600)) {
    throw new InvalidArgumentError(
      "expected WEIGHT:BAKE, a percentage above 0 and below 100 and 1 to 3600 seconds (e.g. 10:300)",
    );
  }
  return { weight, bakeSeconds };
}

/** `5:5m,25:10m,50:manual,100` → the api's rollout steps, each `WEIGHT[:PAUSE]`. */
export function parseSteps(value: string): Array<{ weight: number; pause?: string }> {
  return value.split(",").map((item) => {
    const match = /^(\d+(?:\.\d+)?)(?::(manual|[1-9]\d*[smh]))?$/.exec(item.trim());
    if (!match)
      throw new InvalidArgumentError(
        `expected WEIGHT[:PAUSE] steps, a pause being 30s, 5m, 1h or manual (e.g. 5:5m,25:10m,100), not "${item}"`,
      );
    return { weight: Number(match[1]), ...(match[2] ? { pause: match[2] } : {}) };
  });
}

type Steps = ReturnType<typeof parseSteps>;

/** What `flightdeck deploy` asks of the server, from its options. */
export function deployBody(options: {
  ref?: string;
  force?: boolean;
  canary?: ReturnType<typeof parseCanary>;
  steps?: Steps;
  mcpSteps?: Steps;
  webSteps?: Steps;
  incident?: string;
}): Record<string, unknown> {
  const rollouts = Object.entries({
    api: options.steps,
    mcp: options.mcpSteps,
    web: options.webSteps,
  }).filter((entry): entry is [string, Steps] => entry[1] !== undefined);
  return {
    ...(options.ref ? { ref: options.ref } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.canary ? { canary: options.canary } : {}),
    ...(rollouts.length > 0
      ? { rollout: Object.fromEntries(rollouts.map(([service, steps]) => [service, { steps }])) }
      : {}),
    ...(options.incident ? { incident: { reason: options.incident } } : {}),
  };
}

export const deployCommand = () =>
  withJson(
    new Command("deploy")
      .description("release a commit to a stack and follow it to the end")
      .argument("<stack>", "the stack to release to, e.g. production")
      .option("--ref <ref>", "branch, tag or commit to release (default: the release branch's tip)")
      .option("--force", "deploy every service even when nothing deployable changed")
      .option("--canary <weight:bake>", "the api as a canary first, e.g. 10:300", parseCanary)
      .option("--steps <steps>", "the api's rollout, e.g. 5:5m,25:10m,50:manual,100", parseSteps)
      .option(
        "--mcp-steps <steps>",
        "mcp's rollout by its load balancer's weights, whole percents, e.g. 10:5m,50:manual,100",
        parseSteps,
      )
      .option(
        "--web-steps <steps>",
        "the web's rollout by viewer cohorts, e.g. 10:5m,50:manual,100",
        parseSteps,
      )
      .option("--incident <reason>", "a hotfix while watched alarms fire (rollback scope)"),
  ).action(
    action(async (context, stack: string, options: Parameters<typeof deployBody>[0]) =>
      startAndFollow(context, stackPath(stack, "deploy"), deployBody(options)),
    ),
  );
