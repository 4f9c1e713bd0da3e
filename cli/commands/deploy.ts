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

export const deployCommand = () =>
  withJson(
    new Command("deploy")
      .description("release a commit to a stack and follow it to the end")
      .argument("<stack>", "the stack to release to, e.g. production")
      .option("--ref <ref>", "branch, tag or commit to release (default: the release branch's tip)")
      .option("--force", "deploy every service even when nothing deployable changed")
      .option("--canary <weight:bake>", "the api as a canary first, e.g. 10:300", parseCanary),
  ).action(
    action(
      async (
        context,
        stack: string,
        options: { ref?: string; force?: boolean; canary?: ReturnType<typeof parseCanary> },
      ) =>
        startAndFollow(context, stackPath(stack, "deploy"), {
          ...(options.ref ? { ref: options.ref } : {}),
          ...(options.force ? { force: true } : {}),
          ...(options.canary ? { canary: options.canary } : {}),
        }),
    ),
  );
