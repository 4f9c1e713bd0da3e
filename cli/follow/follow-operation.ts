import type { ApiClient } from "../api-client";
import type { Operation, OperationEvent, StackView } from "../api-types";
import { exitCodes, type ExitCode } from "../exit-codes";
import type { Output } from "../output";
import { askYesNo } from "../prompt";
import { followEvents } from "./event-stream";
import { ProgressView } from "./progress-view";
import { printSummary } from "./summary";

export interface Followed {
  operation: Operation;
  exitCode: ExitCode;
}

/** 0 when it did what was asked (or had nothing to do); 1 when it failed, was cancelled or rolled back. */
export function outcomeExitCode(operation: Operation): ExitCode {
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
  started: Operation,
  options: {
    /** Started by this command: Ctrl-C offers to cancel it. */
    cancellable: boolean;
    /** Under `--json`, each event as a line of its own (`logs`), not the final operation. */
    eventLines?: boolean;
  },
): Promise<Followed> {
  const { id, kind } = started;
  const view = out.json ? undefined : new ProgressView(out);
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
      const explained = await client.explain(error);
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
    const onEvent = (event: OperationEvent) => {
      if (view) view.handle(event);
      else if (options.eventLines) out.data(event);
    };
    await followEvents(client, id, onEvent, {
      signal: leave.signal,
      onReconnecting: () => notice("lost the event stream; reconnecting…"),
    });
  } finally {
    if (flow.state !== "left") flow.state = "ended";
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    questionMoot.abort();
    view?.stop();
  }
  const operation = await client.get<Operation>(`/deployments/${encodeURIComponent(id)}`);
  if (flow.state === "left") return { operation, exitCode: exitCodes.interrupted };
  const stack = await client
    .get<StackView>(`/stacks/${encodeURIComponent(operation.stack)}`)
    .catch(() => undefined);
  if (!out.json) printSummary(out, operation, stack);
  else if (!options.eventLines) out.data({ deployment: operation, live: stack?.live ?? null });
  return { operation, exitCode: interrupted ? exitCodes.interrupted : outcomeExitCode(operation) };
}
