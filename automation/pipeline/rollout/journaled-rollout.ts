import type { Judgement } from "../../analysis/judge-canary";
import { rolloutStepName } from "../../domain/rollout-command";
import type { ServiceName } from "../../domain/services";
import type { RolloutStrategy } from "../../settings/rollout-strategy";
import type { DeployRun } from "../deploy-run";
import type { RolloutAnswers } from "./canary-look";
import { judgeOrUnread } from "./judge-or-unread";
import { rolloutCommandReader } from "./rollout-commands";
import { runRollout, type RolloutResult, type TrafficSplit } from "./run-rollout";

/** What one service's rollout needs besides what every rollout of a deploy shares. */
export interface ServiceRollout {
  service: ServiceName;
  strategy: RolloutStrategy;
  split: TrafficSplit;
  /** One look at where users reach the builds (canary-look.ts); it counts into `answers`. */
  look: (signal: AbortSignal) => Promise<string | undefined>;
  answers: RolloutAnswers;
  /** The canary's metrics since `since`, judged; none where the service has no per-build metrics. */
  judge?: (since: Date) => Promise<Judgement>;
  /** The step's detail besides what every rollout records: the builds it moved between. */
  detail: Record<string, unknown>;
}

/**
 * Runs a service's rollout as the deploy's `rollout` step, which the rollout's commands
 * look for (routes/deployments/rollout-control.ts): steered by them, streamed as events,
 * and journaled with how far it went and its last judgement.
 */
export async function journaledRollout(
  run: DeployRun,
  rollout: ServiceRollout,
): Promise<RolloutResult> {
  const { input } = run;
  const { recorder, signal } = input;
  const rules = run.rollout.analysis;
  const { judge } = rollout;
  let lastJudgement: Judgement | undefined;
  // Read before the step runs, when no command can be meant for this rollout yet.
  const asked = await input.journal.rolloutCommands(input.operationId, 0);
  const commands = rolloutCommandReader(input.journal, input.operationId, asked.at(-1)?.seq);
  return recorder.step(
    rolloutStepName,
    () =>
      runRollout({
        service: rollout.service,
        split: rollout.split,
        strategy: rollout.strategy,
        commands,
        answers: rollout.answers,
        look: rollout.look,
        lookEveryMs: input.canaryProbeIntervalMs,
        ...(judge && {
          judge: async (since: Date) => (lastJudgement = await judgeOrUnread(judge, signal)(since)),
        }),
        judgeEveryMs: (rules?.intervalSeconds ?? 60) * 1000,
        emit: (data) => recorder.emit("log", data),
        signal,
      }),
    (r) => ({
      service: rollout.service,
      steps: rollout.strategy.steps.map((step) => step.weight),
      reached: r.reached,
      promoted: r.promoted,
      ...rollout.detail,
      ...rollout.answers,
      ...(lastJudgement && { judgement: lastJudgement }),
      ...(r.promoted ? {} : { stopped: r.failure.code, reason: r.failure.message }),
    }),
    (r) => r.promoted,
  );
}
