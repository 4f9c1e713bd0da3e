import { readStackOutputs } from "../domain/stack-outputs";
import { summarizeEngineEvent } from "../engine/engine-event-summary";
import type { CurrentLive } from "../journal/current-live";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { ChangeAnalysis } from "./analyze-changes";
import type { DeployInput } from "./deploy-input";
import type { DeployRun } from "./deploy-run";
import { journaledUp } from "./journaled-up";
import { applyReleaseConfig, releaseConfig } from "./release-config";
import type { RolloutPlan } from "./rollout-plan";
import { upStack } from "./up-stack";

/**
 * The `up` step: the affected services' hashes set and traffic held, so `up` publishes
 * the new builds while users stay on what is live (mcp rolls out behind ECS's gate).
 */
export async function upStep(
  input: DeployInput,
  program: ReleaseProgram,
  changes: ChangeAnalysis,
  live: CurrentLive | undefined,
  rollout: RolloutPlan,
): Promise<DeployRun> {
  const { recorder, signal } = input;
  const { commit, stack } = program;
  const { affected } = changes;
  const base = {
    journal: input.journal,
    operationId: input.operationId,
    stack: input.stackName,
    aws: input.aws,
  };
  const up = await recorder.step(
    "up",
    async () => {
      const config = releaseConfig(affected, commit, live, rollout.mcp !== undefined);
      await applyReleaseConfig(stack, config);
      const { held } = config;
      // Held services do not move in `up`: only what it rolls out gets a write-ahead intent.
      const movedByUp = affected.filter((service) => !held.includes(service));
      const result = await journaledUp(base, live, movedByUp, commit, () =>
        upStack(stack, {
          signal,
          onEvent: (event) => {
            const data = summarizeEngineEvent(event);
            if (data) recorder.emit("engine", data);
          },
        }),
      );
      return { ...result, held, movedByUp };
    },
    (r) => ({ ...r.summary, held: r.held }),
  );
  const outputs = readStackOutputs(up.outputs);
  await input.note({ summary: up.summary, versions: outputs.pointers });
  return {
    input,
    program,
    commit,
    affected,
    live,
    outputs,
    held: up.held,
    movedByUp: up.movedByUp,
    moves: { ...base, outputs },
    alarms: input.incident
      ? []
      : [...new Set(affected.flatMap((service) => outputs.alarmNames[service]))],
    rollout,
  };
}
