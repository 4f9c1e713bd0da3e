import { Command } from "commander";
import type { InvalidationView } from "../../client/types";
import { action, withJson } from "../command-context";
import { exitCodes } from "../exit-codes";
import { printSandboxWorldNote } from "../sandbox-world-note";
import { stackPath } from "../start-and-follow";

export const invalidateCommand = () =>
  withJson(
    new Command("invalidate")
      .description("invalidate web paths in CloudFront (once per idempotency key)")
      .argument("<stack>", "the stack, e.g. production")
      .argument(
        "<paths...>",
        "paths with a leading /, a * only at the end (e.g. /index.html /assets/*)",
      )
      .option("--wait", "wait until CloudFront reports Completed (bounded by the server)")
      .option("--key <key>", "idempotency key: repeating it returns the same invalidation"),
  ).action(
    action(
      async (
        { out, client },
        stack: string,
        paths: string[],
        options: { wait?: boolean; key?: string },
      ) => {
        const { body } = await client().post<InvalidationView>(
          stackPath(stack, "invalidate"),
          { paths, ...(options.wait ? { wait: true } : {}) },
          options.key ? { "idempotency-key": options.key } : {},
        );
        const { invalidation } = body;
        out.data(body);
        const again = invalidation.created === false ? " (the same request was made before)" : "";
        out.line(
          `invalidation ${invalidation.id} of ${invalidation.paths.join(" ")}: ${invalidation.status}${again}`,
        );
        for (const dropped of invalidation.dropped ?? []) {
          out.line(out.color.dim(`  ${dropped.path} dropped: covered by ${dropped.coveredBy}`));
        }
        await printSandboxWorldNote(out, client());
        if (invalidation.timedOut) {
          out.warn(`still ${invalidation.status} when the server stopped waiting`);
          return exitCodes.failed;
        }
        return exitCodes.ok;
      },
    ),
  );
