import { Command } from "commander";
import type { StackView } from "../../client/types";
import { action, withJson } from "../command-context";
import { exitCodes } from "../exit-codes";
import { formatTime, shortHash } from "../format";
import { liveLines } from "../follow/summary";
import { printSandboxWorldNote } from "../sandbox-world-note";
import { stackPath } from "../start-and-follow";

export const statusCommand = () =>
  withJson(
    new Command("status")
      .description("what runs on a stack, per service, and whether an operation is running")
      .argument("<stack>", "the stack, e.g. production"),
  ).action(
    action(async ({ out, client }, stack: string) => {
      const view = await client().get<StackView>(stackPath(stack));
      out.data(view);
      const { bold, dim, yellow } = out.color;
      out.line(bold(view.stack));
      if (!view.live) out.line("  nothing released yet");
      else for (const line of liveLines(out, view.live)) out.line(line);
      if (view.lastRelease) {
        // The schema leaves the release record open; these three fields are always in it.
        const { tag, commit, createdAt } = view.lastRelease as {
          tag: number;
          commit: string;
          createdAt: string;
        };
        out.line(`  last release ${tag}: commit ${shortHash(commit)} at ${formatTime(createdAt)}`);
      }
      const running = view.running;
      out.line(
        running
          ? yellow(
              `  running: ${running.kind} ${running.operationId} by ${running.requestedBy} since ${formatTime(running.since)}`,
            )
          : dim("  no operation running"),
      );
      if (view.liveCheck) out.line(dim(`  ${view.liveCheck.summary}`));
      await printSandboxWorldNote(out, client());
      return exitCodes.ok;
    }),
  );
