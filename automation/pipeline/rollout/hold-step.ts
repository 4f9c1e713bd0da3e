import { setTimeout as sleep } from "node:timers/promises";
import type { RolloutPause } from "../../settings/rollout-strategy";
import type { RolloutCommandReader } from "./rollout-commands";

/** A judgement of the canary's metrics, as the analysis gives it (analysis/judge-canary.ts). */
export interface StepJudgement {
  verdict: "pass" | "fail" | "inconclusive";
  reason: string;
}

/** How a step's hold ended: on to the next step, straight to 100 %, or stop the rollout. */
export type HoldEnd =
  | { next: "step" | "full"; by?: string }
  | { next: "stop"; code: string; message: string; judgement?: StepJudgement };

export interface HoldOptions {
  pause: RolloutPause;
  commands: RolloutCommandReader;
  /** One look at the canary where users reach it: why to stop, or nothing. */
  look: (signal: AbortSignal) => Promise<string | undefined>;
  lookEveryMs: number;
  /** The canary's metrics since the step began, judged; absent without analysis rules. */
  judge?: () => Promise<StepJudgement>;
  judgeEveryMs: number;
  /** Streams the hold's state: `waiting` (timed), `paused` (until someone acts), `analysing`. */
  report: (state: "waiting" | "paused" | "analysing", detail: Record<string, unknown>) => void;
  signal: AbortSignal;
}

const analysisFailed = (judgement: StepJudgement): HoldEnd => ({
  next: "stop",
  code: "analysis_failed",
  message: judgement.reason,
  judgement,
});

/**
 * When to judge again: an interval after a verdict, or at the next look while the canary
 * has served too little for one (first judged a look after the step began).
 */
function judgeAgainMs(
  last: StepJudgement["verdict"] | undefined,
  options: Pick<HoldOptions, "judgeEveryMs" | "lookEveryMs">,
): number {
  const verdictReached = last === "pass" || last === "fail";
  return verdictReached
    ? options.judgeEveryMs
    : Math.min(options.lookEveryMs, options.judgeEveryMs);
}

/** How often commands are read: what bounds the time from `abort` to the weights moving back. */
const commandPollMs = 200;

/**
 * Holds a rollout step's weight for its pause, looking at the canary and judging its
 * metrics meanwhile, and acting on commands: `pause` stops the clock (and a `manual` pause
 * has none), `resume` restarts it (ending a manual pause), `promote` ends the hold, and
 * `abort` stops the rollout. A pause that runs out is judged once more: an inconclusive
 * judgement (too few requests) turns it into a manual pause, for someone to decide.
 */
export async function holdStep(options: HoldOptions): Promise<HoldEnd> {
  const { commands, signal, report } = options;
  let remainingMs = options.pause.kind === "timed" ? options.pause.ms : 0;
  let pausedSince = options.pause.kind === "manual" ? new Date() : undefined;
  let lastLook = 0;
  let lastJudged = Date.now();
  let lastVerdict: StepJudgement["verdict"] | undefined;
  const announce = (extra: Record<string, unknown> = {}) =>
    pausedSince
      ? report("paused", { pausedSince: pausedSince.toISOString(), ...extra })
      : report("waiting", {
          waitUntil: new Date(Date.now() + remainingMs).toISOString(),
          ...extra,
        });
  announce();
  for (;;) {
    const turnStarted = Date.now();
    for (const command of await commands.read()) {
      const by = { kind: command.kind, by: command.by, reason: command.reason };
      if (command.kind === "abort")
        return {
          next: "stop",
          code: "rollout_aborted",
          message: `aborted by ${command.by}${command.reason ? `: ${command.reason}` : ""}`,
        };
      if (command.kind === "promote")
        return { next: command.full ? "full" : "step", by: command.by };
      if (command.kind === "pause" && !pausedSince) {
        pausedSince = new Date();
        announce({ command: by });
      }
      if (command.kind === "resume" && pausedSince) {
        if (remainingMs <= 0) return { next: "step", by: command.by };
        pausedSince = undefined;
        announce({ command: by });
      }
    }
    if (!pausedSince && remainingMs <= 0) {
      const judgement = await options.judge?.();
      if (judgement) report("analysing", { judgement });
      if (judgement?.verdict === "fail") return analysisFailed(judgement);
      if (judgement?.verdict !== "inconclusive") return { next: "step" };
      pausedSince = new Date();
      announce({ judgement });
      continue;
    }
    if (Date.now() - lastLook >= options.lookEveryMs) {
      lastLook = Date.now();
      const problem = await options.look(signal);
      if (problem) return { next: "stop", code: "canary_failed", message: problem };
    }
    if (options.judge && Date.now() - lastJudged >= judgeAgainMs(lastVerdict, options)) {
      const judgement = await options.judge();
      // Until the canary has served enough to be judged it is judged again at each look,
      // so a failing build is stopped as soon as it can be; those tries are told once.
      const told = judgement.verdict !== "inconclusive" || lastVerdict !== "inconclusive";
      lastJudged = Date.now();
      lastVerdict = judgement.verdict;
      // While paused by hand the newest event must still say so (a 409 reads it).
      if (pausedSince) announce({ judgement });
      else if (told) report("analysing", { judgement });
      if (judgement.verdict === "fail") return analysisFailed(judgement);
    }
    // Looks come every lookEveryMs, however long a look and a judgement took; commands
    // are read at least every commandPollMs; a timed pause ends on time, its clock
    // running through the turn's work as through its sleep.
    const now = Date.now();
    const tick = Math.min(
      commandPollMs,
      Math.max(lastLook + options.lookEveryMs - now, 1),
      pausedSince ? commandPollMs : Math.max(remainingMs - (now - turnStarted), 1),
    );
    await sleep(tick, undefined, { signal });
    if (!pausedSince) remainingMs -= Date.now() - turnStarted;
  }
}
