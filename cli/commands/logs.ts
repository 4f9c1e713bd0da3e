import { Command } from "commander";
import type { OperationView } from "../../client/types";
import { action, withJson, type CommandContext } from "../command-context";
import { exitCodes, type ExitCode } from "../exit-codes";
import { followOperation } from "../follow/follow-operation";
import { stepLine } from "../follow/step-summary";
import { between, formatDuration } from "../format";

/** A running operation's steps so far, from its journal record: no waiting on the stream. */
function stepsSoFar({ out }: CommandContext, operation: OperationView): void {
  out.data(operation);
  for (const step of operation.steps) {
    if (step.status === "running") {
      const ms = Date.now() - Date.parse(step.startedAt);
      out.line(
        `  ${out.color.cyan("…")} ${step.name.padEnd(16)} ${formatDuration(ms).padStart(7)}  running`,
      );
    } else {
      const ms = between(step.startedAt, step.finishedAt ?? step.startedAt);
      out.line(stepLine(step.name, step.status, ms, step.detail ?? {}, out.color));
    }
  }
  out.line(
    out.color.dim(`still running; stream it with: flightdeck logs ${operation.id} --follow`),
  );
}

async function logs(
  context: CommandContext,
  id: string,
  options: { follow?: boolean },
): Promise<ExitCode> {
  const api = context.client();
  const operation = await api.get<OperationView>(`/deployments/${encodeURIComponent(id)}`);
  if (operation.status === "running" && !options.follow) {
    stepsSoFar(context, operation);
    return exitCodes.ok;
  }
  // A finished operation's stream replays everything and ends by itself.
  const followed = await followOperation(api, context.out, operation, {
    cancellable: false,
    eventLines: true,
  });
  return options.follow || followed.exitCode === exitCodes.interrupted
    ? followed.exitCode
    : exitCodes.ok;
}

export const logsCommand = () =>
  withJson(
    new Command("logs")
      .description(
        "an operation's events: all of a finished one; a running one's steps so far, or with --follow its events until it ends (exit code as the operation's)",
      )
      .argument("<id>", "the operation's id")
      .option("-f, --follow", "stream events until the operation ends"),
  )
    .addHelpText(
      "after",
      "\nWith --json: one event (OperationEventView) per line; for a running operation without --follow, its record (OperationView).",
    )
    .action(action(logs));
