import { Command } from "commander";
import { action, withJson } from "../command-context";
import { stackPath, startAndFollow } from "../start-and-follow";

export const previewCommand = () =>
  withJson(
    new Command("preview")
      .description("what a deploy would change, resource by resource (nothing moves)")
      .argument("<stack>", "the stack, e.g. production")
      .option("--ref <ref>", "branch, tag or commit (default: the release branch's tip)")
      .option("--force", "as a forced deploy would: every service"),
  ).action(
    action(async (context, stack: string, options: { ref?: string; force?: boolean }) =>
      startAndFollow(context, stackPath(stack, "preview"), {
        ...(options.ref ? { ref: options.ref } : {}),
        ...(options.force ? { force: true } : {}),
      }),
    ),
  );
