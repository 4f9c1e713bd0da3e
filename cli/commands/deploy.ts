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

/** The deploy body's `rollout`: each service given steps; none when no service is. */
function rolloutBody(steps: Record<string, ReturnType<typeof parseSteps> | undefined>): {
  rollout?: Record<string, { steps: ReturnType<typeof parseSteps> }>;
} {
  const given = Object.entries(steps).filter(([, value]) => value !== undefined);
  if (given.length === 0) return {};
  return {
    rollout: Object.fromEntries(given.map(([service, value]) => [service, { steps: value! }])),
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
        "--web-steps <steps>",
        "the web's rollout by viewer cohorts, e.g. 10:5m,50:manual,100",
        parseSteps,
      )
      .option("--incident <reason>", "a hotfix while watched alarms fire (rollback scope)"),
  ).action(
    action(
      async (
        context,
        stack: string,
        options: {
          ref?: string;
          force?: boolean;
          canary?: ReturnType<typeof parseCanary>;
          steps?: ReturnType<typeof parseSteps>;
          webSteps?: ReturnType<typeof parseSteps>;
          incident?: string;
        },
      ) =>
        startAndFollow(context, stackPath(stack, "deploy"), {
          ...(options.ref ? { ref: options.ref } : {}),
          ...(options.force ? { force: true } : {}),
          ...(options.canary ? { canary: options.canary } : {}),
          ...rolloutBody({ api: options.steps, web: options.webSteps }),
          ...(options.incident ? { incident: { reason: options.incident } } : {}),
        }),
    ),
  );
