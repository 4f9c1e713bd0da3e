import type { ServiceName } from "../../domain/services";
import type { RolloutStrategy } from "../../settings/rollout-strategy";
import type { RolloutAnswers } from "./canary-look";
import { holdStep, type HoldEnd, type StepJudgement } from "./hold-step";
import type { RolloutCommandReader } from "./rollout-commands";

export interface RolloutInput {
  service: ServiceName;
  /** Gives the canary `percent` of the traffic (journaled); at 100 it serves alone. */
  weigh: (percent: number) => Promise<void>;
  /** Gives the stable build all the traffic back. */
  restore: () => Promise<void>;
  strategy: RolloutStrategy;
  commands: RolloutCommandReader;
  answers: RolloutAnswers;
  look: (signal: AbortSignal) => Promise<string | undefined>;
  lookEveryMs: number;
  /** The canary's metrics since `since`, judged against the rules; absent without rules. */
  judge?: (since: Date) => Promise<StepJudgement>;
  judgeEveryMs: number;
  /** Streams a rollout event's data (kind `rollout`). */
  emit: (data: Record<string, unknown>) => void;
  signal: AbortSignal;
}

export type RolloutResult =
  | { promoted: true; reached: 100 }
  | { promoted: false; reached: number; failure: Extract<HoldEnd, { next: "stop" }> };

/**
 * Moves a service's traffic to the canary step by step (the api's alias weights, mcp's
 * listener weights), holding each for its pause (hold-step.ts); the last step makes the
 * canary serve alone. A cancel or a failed AWS call gives the stable build all traffic
 * back before this throws; a look, a judgement or `abort` returns the reason to stop, for
 * the deploy to leave a bad release.
 */
export async function runRollout(input: RolloutInput): Promise<RolloutResult> {
  const { answers, signal } = input;
  const steps = input.strategy.steps;
  let reached = 0;
  let promotedBy: string | undefined;
  try {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const emit = (state: string, detail: Record<string, unknown> = {}) =>
        input.emit({
          kind: "rollout",
          service: input.service,
          step: index + 1,
          steps: steps.length,
          weight: step.weight,
          state,
          ...detail,
        });
      // A version no probe has seen is not promoted on its own; a person may still promote it.
      if (
        step.weight === 100 &&
        !promotedBy &&
        reached < 100 &&
        answers.probes > 0 &&
        answers.canaryAnswers === 0
      ) {
        const message = `the canary answered none of ${answers.probes} probes at ${reached} %; raise the weight or the pause`;
        return stopped(reached, { next: "stop", code: "canary_failed", message }, emit);
      }
      emit("moving", { from: reached });
      await input.weigh(step.weight);
      reached = step.weight;
      if (step.weight === 100) {
        emit("promoted");
        return { promoted: true, reached: 100 };
      }
      if (!step.pause) continue;
      const since = new Date();
      const end = await holdStep({
        pause: step.pause,
        commands: input.commands,
        look: input.look,
        lookEveryMs: input.lookEveryMs,
        judge: input.judge && (() => input.judge!(since)),
        judgeEveryMs: input.judgeEveryMs,
        report: emit,
        signal,
      });
      if (end.next === "stop") return stopped(reached, end, emit);
      promotedBy = end.by;
      // Promoted fully: the last step, 100 %, is next.
      if (end.next === "full") index = steps.length - 2;
    }
    throw new Error("a rollout's last step must be 100 %");
  } catch (error) {
    // Cancelled (or an AWS call failed) part way: users go back to the stable version first.
    if (reached > 0 && reached < 100) await input.restore();
    throw error;
  }
}

/**
 * Stopped where users reached the canary: its weight stays until the deploy's rollback
 * moves the traffic back, so the bad release is recorded with the build it left, as a
 * failed bake's is (leave-bad-release.ts).
 */
function stopped(
  reached: number,
  failure: Extract<HoldEnd, { next: "stop" }>,
  emit: (state: string, detail?: Record<string, unknown>) => void,
): RolloutResult {
  const state = failure.code === "rollout_aborted" ? "aborted" : "failed";
  emit(state, {
    reason: failure.message,
    ...(failure.judgement ? { judgement: failure.judgement } : {}),
  });
  return { promoted: false, reached, failure };
}
