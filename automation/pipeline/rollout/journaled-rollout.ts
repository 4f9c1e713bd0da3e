import type { Judgement } from "../../analysis/judge-canary";
import { rolloutStepName } from "../../domain/rollout-command";
import type { ServiceName } from "../../domain/services";
import type { RolloutStrategy } from "../../settings/rollout-strategy";
import type { DeployInput } from "../deploy-input";
import type { RolloutPlan } from "../rollout-plan";
import type { RolloutAnswers } from "./canary-look";
import { judgeOrUnread } from "./judge-or-unread";
import { rolloutCommandReader, type RolloutCommandReader } from "./rollout-commands";
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

/** What of a deploy its rollouts use: the journal, its step recorder, probes, analysis rules. */
export interface RolloutRun {
  input: Pick<
    DeployInput,
    "journal" | "operationId" | "recorder" | "signal" | "canaryProbeIntervalMs"
  >;
  rollout: Pick<RolloutPlan, "analysis">;
}

/**
 * Runs a service's rollout as the deploy's `rollout` step, which the rollout's commands
 * look for (routes/deployments/rollout-control.ts): steered by them, streamed as events,
 * and journaled with how far it went and its last judgement.
 */
export async function journaledRollout(
  run: RolloutRun,
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
  try {
    return await recorder.step(
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
            judge: async (since: Date) =>
              (lastJudgement = await judgeOrUnread(judge, signal)(since)),
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
  } finally {
    // The rollout's outcome stands whatever this read does; the commands stay journaled.
    await tellUnanswered(run, rollout.service, commands).catch(() => undefined);
  }
}

/**
 * Commands taken after the rollout's last read, as it ended: the journal takes none once
 * the step has ended, so these are all it was asked and did not act on. Each is told in
 * the deployment's events, for whoever asked not to believe it done.
 */
async function tellUnanswered(
  run: RolloutRun,
  service: ServiceName,
  commands: RolloutCommandReader,
): Promise<void> {
  for (const command of await commands.read()) {
    run.input.recorder.emit("log", {
      message: `${command.kind} by ${command.by} came as the ${service} rollout ended and was not acted on`,
      service,
      command: {
        kind: command.kind,
        by: command.by,
        ...(command.reason && { reason: command.reason }),
      },
    });
  }
}
