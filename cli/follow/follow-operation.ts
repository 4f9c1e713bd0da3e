import type { ApiClient } from "../../client/api-client";
import { ApiError } from "../../client/api-error";
import { followEvents } from "../../client/follow-events";
import type { OperationView, OperationEventView, StackView } from "../../client/types";
import { CliError, exitCodes, type ExitCode } from "../exit-codes";
import { explainError } from "../explain-error";
import type { Output } from "../output";
import { askYesNo } from "../prompt";
import { ProgressView } from "./progress-view";
import { printSandboxWorldNote } from "../sandbox-world-note";
import { printSummary } from "./summary";

export interface Followed {
  operation: OperationView;
  exitCode: ExitCode;
}

/** A server gone for good mid-follow says how to pick the operation up again. */
function streamLost(error: unknown, id: string): unknown {
  if (!(error instanceof ApiError) || error.status !== 0) return error;
  return new CliError(
    `lost the server's event stream (${error.message}); the operation may still be running: flightdeck logs ${id} --follow`,
    exitCodes.failed,
    "stream_lost",
  );
}

/** 0 when it did what was asked (or had nothing to do); 1 when it failed, was cancelled or rolled back. */
export function outcomeExitCode(operation: OperationView): ExitCode {
  const ok = operation.status === "succeeded" || operation.status === "skipped";
  return ok && !operation.rolledBack ? exitCodes.ok : exitCodes.failed;
}

/**
 * Follows an operation to its end, showing its progress, then its summary (or, under
 * `--json`, the final operation). Ctrl-C (or SIGTERM) while following an operation this
 * command started (`cancellable`): on a terminal, asks whether to cancel it on the server
 * and, if so, follows the cancellation to its end; elsewhere (CI, `--json`) cancels it,
 * since nobody is left to watch it. A second Ctrl-C leaves at once. Any ends in 130.
 */
export async function followOperation(
  client: ApiClient,
  out: Output,
  started: OperationView,
  options: {
    /** Started by this command: Ctrl-C offers to cancel it. */
    cancellable: boolean;
    /** Under `--json`, each event as a line of its own (`logs`), not the final operation. */
    eventLines?: boolean;
  },
): Promise<Followed> {
  const { id, kind } = started;
  const view = out.json ? undefined : new ProgressView(out, id);
  const leave = new AbortController();
  const questionMoot = new AbortController();
  // A property, not a variable: the signal handler changes it while this function awaits,
  // which narrowing of a plain variable would not allow for.
  const flow: { state: "following" | "asking" | "cancelling" | "left" | "ended" } = {
    state: "following",
  };
  let interrupted = false;
  const notice = (text: string) => (view ? view.notice(text) : out.warn(text));

  const cancel = async () => {
    flow.state = "cancelling";
    notice(`cancelling ${kind} ${id}…`);
    await client.post(`/deployments/${encodeURIComponent(id)}/cancel`).catch(async (error) => {
      // Typically 409: it ended meanwhile. The stream says how.
      const explained = await explainError(client, error);
      notice(explained instanceof Error ? explained.message : String(explained));
    });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    if (flow.state !== "following" || !options.cancellable) {
      flow.state = "left";
      leave.abort();
      return;
    }
    // SIGTERM is a machine's way of saying stop (a cancelled CI job): nobody to ask.
    if (!out.interactive || signal === "SIGTERM") return void cancel();
    flow.state = "asking";
    view?.pause();
    void askYesNo(`\nCancel ${kind} ${id} on the server?`, questionMoot.signal).then(
      async (answer) => {
        if (flow.state !== "asking") return;
        view?.resume(answer === "yes");
        if (answer === "yes") return cancel();
        flow.state = "left";
        notice(`${kind} ${id} goes on; follow it with: flightdeck logs ${id} --follow`);
        leave.abort();
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const onEvent = (event: OperationEventView) => {
      if (view) view.handle(event);
      else if (options.eventLines) out.data(event);
    };
    await followEvents(client, id, onEvent, {
      signal: leave.signal,
      // About a minute of a server away (a restart) before it counts as gone.
      reconnectMs: 3000,
      onReconnecting: () => notice("lost the event stream; reconnecting…"),
    }).catch((error: unknown) => {
      throw streamLost(error, id);
    });
  } finally {
    if (flow.state !== "left") flow.state = "ended";
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    questionMoot.abort();
    view?.stop();
  }
  const operation = await client.get<OperationView>(`/deployments/${encodeURIComponent(id)}`);
  if (flow.state === "left") return { operation, exitCode: exitCodes.interrupted };
  const stack = await client
    .get<StackView>(`/stacks/${encodeURIComponent(operation.stack)}`)
    .catch(() => undefined);
  if (!out.json) {
    printSummary(out, operation, stack);
    await printSandboxWorldNote(out, client);
  } else if (!options.eventLines) out.data({ deployment: operation, live: stack?.live ?? null });
  return { operation, exitCode: interrupted ? exitCodes.interrupted : outcomeExitCode(operation) };
}
