import type { Colors } from "picocolors/types";
import type { RolloutEvent } from "../../client/rollout-event";
import { between, formatDuration } from "../format";

const stateWords: Record<RolloutEvent["state"], string> = {
  moving: "moving traffic",
  analysing: "analysing",
  paused: "paused",
  waiting: "waiting",
  promoted: "promoted",
  aborted: "aborted",
  failed: "failed",
};

/** What the state says besides its name: how long a pause has waited or will wait. */
function stateText(event: RolloutEvent, at: string): string {
  const word = stateWords[event.state];
  if (event.state === "paused") {
    const waited = event.pausedSince ? between(event.pausedSince, at) : 0;
    // The event that starts the pause has waited nothing yet.
    const since = waited >= 1000 ? ` for ${formatDuration(waited)}` : "";
    return `${word}${since}, until someone resumes, promotes or aborts it`;
  }
  if (event.state === "waiting" && event.waitUntil) {
    return `${word} ${formatDuration(between(at, event.waitUntil))} more, until ${event.waitUntil}`;
  }
  return word;
}

const who = (command: NonNullable<RolloutEvent["command"]>) =>
  ` (${command.kind} by ${command.by}${command.reason ? `: ${command.reason}` : ""})`;

/**
 * A rollout event as lines for the follow output: step n/N at w %, its state, the
 * judgement, and while paused the commands that move it on. `at` is the event's time, so
 * a replay shows how long a pause had waited then.
 */
export function rolloutLines(
  operationId: string,
  event: RolloutEvent,
  at: string,
  color: Colors,
): string[] {
  const bad = event.state === "aborted" || event.state === "failed";
  const paint = bad ? color.red : event.state === "paused" ? color.yellow : color.cyan;
  const lines = [
    paint(
      `    ⇄ ${event.service} rollout step ${event.step}/${event.steps} at ${event.weight} %: ${stateText(event, at)}${event.command ? who(event.command) : ""}`,
    ),
  ];
  const { judgement } = event;
  if (judgement) {
    const verdict =
      judgement.verdict === "fail"
        ? color.red
        : judgement.verdict === "pass"
          ? color.green
          : color.yellow;
    lines.push(`      judgement: ${verdict(judgement.verdict)}: ${judgement.reason}`);
  }
  if (event.state === "paused") {
    lines.push(
      color.dim(
        `      go on: flightdeck resume ${operationId}, flightdeck promote ${operationId} [--full]; revert: flightdeck abort ${operationId} --reason TEXT`,
      ),
    );
  }
  return lines;
}
