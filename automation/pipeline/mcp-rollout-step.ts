import { mcpLiveSideConfig, otherMcpSide, type McpSide } from "../domain/mcp-blue-green-outputs";
import { PipelineError } from "../domain/operation-error";
import { serviceKeys } from "../domain/services";
import { scaleMcpSide, setMcpWeights, type McpRolloutSides } from "../traffic/set-mcp-weights";
import { rolledOutByUp, rolloutOf, type DeployRun } from "./deploy-run";
import type { DeployFailure } from "./roll-back-deploy";
import { canaryLook, type RolloutAnswers } from "./rollout/canary-look";
import { describeMcpSide } from "../traffic/describe-mcp-side";
import { prepareIdleSide } from "./rollout/mcp-idle-side";
import { journaledRollout } from "./rollout/journaled-rollout";
import type { RolloutResult } from "./rollout/run-rollout";
import { mcpJudge } from "./rollout/mcp-judge";
import { httpProbe } from "./probes/http-probe";
import { firingAlarms } from "./watch-alarms";

/**
 * mcp's `rollout` step (docs/architecture.md, "mcp blue/green"): `up` started the new
 * build on the idle side with no tasks; the side is scaled up and checked before any
 * weight moves, then the listener's weights move to it step by step, each step held,
 * looked at and judged on its target group's metrics. Promoted, the side becomes the live
 * one in the stack's settings and the old side is scaled to nothing; stopped, the weights
 * go back to the live side at once and the build, if it took traffic, is a bad release.
 */
export async function mcpRolloutStep(run: DeployRun): Promise<DeployFailure | undefined> {
  const strategy = rolloutOf(run, "mcp");
  const { input, live, outputs, held, moves } = run;
  if (!strategy || !live) return undefined;
  const pair = outputs.mcpBlueGreen;
  if (!pair)
    throw new PipelineError(
      "rollout_failed",
      "the program has no mcp blue/green pair (mcpListenerArn and the rest) to roll mcp out on",
    );
  const { aws, signal, recorder } = input;
  const cluster = outputs.mcpClusterName;
  const side = otherMcpSide(pair.liveSide);
  const idle = await describeMcpSide(aws, cluster, pair.serviceNames[side]);
  const sides: McpRolloutSides = {
    stable: live.services.mcp,
    canary: { side, taskDefinition: idle.taskDefinition, gitHash: run.commit },
  };
  // Until a weight moves to it (and again once the live side has all traffic back).
  let idleTakesTraffic = false;
  let result: RolloutResult;
  try {
    const unfit = await recorder.step(
      "verify-idle-side",
      () =>
        prepareIdleSide({
          aws,
          outputs,
          pair,
          side,
          canary: sides.canary,
          verify: input.verify,
          rolloutTimeoutMs: input.rolloutTimeoutMs,
          signal,
        }),
      (reason) => ({ side, taskDefinition: sides.canary.taskDefinition, ok: !reason, reason }),
      (reason) => reason === undefined,
    );
    if (unfit) {
      await scaleMcpSide(aws, cluster, pair.serviceNames[side], 0);
      return {
        code: "verification_failed",
        message: unfit,
        tookTraffic: rolledOutByUp(run),
        neverServed: held,
      };
    }
    const answers: RolloutAnswers = { probes: 0, canaryAnswers: 0, stableAnswers: 0 };
    const incident = input.incident !== undefined;
    const rules = run.rollout.analysis;
    const judge =
      rules &&
      mcpJudge({ cloudwatch: aws.cloudwatch, pair, canarySide: side, rules, incident, signal });
    const sideHealth = pair.sideHealthUrls?.[side];
    result = await journaledRollout(run, {
      service: "mcp",
      strategy,
      split: {
        weigh: async (percent) => {
          idleTakesTraffic = true;
          await setMcpWeights(moves, sides, percent);
        },
        restore: async () => {
          await setMcpWeights(moves, sides, 0);
          idleTakesTraffic = false;
        },
      },
      look: canaryLook({
        live: httpProbe("mcp", outputs.healthUrls.mcp),
        // The idle side's own tasks, where the program exports their health URL.
        ...(sideHealth && { candidate: httpProbe("mcp", sideHealth) }),
        hashes: { stable: sides.stable.gitHash, canary: run.commit },
        answers,
        firing: (alarmSignal) => firingAlarms(aws.cloudwatch, outputs.alarmNames.mcp, alarmSignal),
        incident,
      }),
      answers,
      ...(judge && { judge }),
      detail: { stable: sides.stable.pointer, canary: sides.canary.taskDefinition, side },
    });
  } catch (error) {
    // Cancelled, or an AWS call failed, while the idle side ran the new build for no user:
    // it runs nothing again. The first error is the one to report.
    if (!idleTakesTraffic)
      await scaleMcpSide(aws, cluster, pair.serviceNames[side], 0).catch(() => undefined);
    throw error;
  }
  // The canary is mcp's build of this release from its first weight on, bad or not.
  if (result.reached > 0) outputs.pointers.mcp = sides.canary.taskDefinition;
  if (result.promoted) {
    await promoteSide(run, side);
    return undefined;
  }
  // Unlike the api's alias, nothing of a rollback moves the listener: it goes back now.
  // Users reached it: its share stays until the deploy's rollback moves mcp back (the
  // listener, then the idle side scaled down), so the bad release is recorded with the
  // build it left, as the api's is.
  if (result.reached === 0) await scaleMcpSide(aws, cluster, pair.serviceNames[side], 0);
  const reason = `the mcp rollout (${sides.canary.taskDefinition} on the ${side} side) stopped at ${result.reached} %: ${result.failure.message}`;
  return {
    code: result.failure.code,
    message: `${reason}; the listener gives the ${pair.liveSide} side all traffic again`,
    badReason: reason,
    tookTraffic: [...rolledOutByUp(run), ...(result.reached > 0 ? ["mcp" as const] : [])],
    neverServed: held.filter((service) => service !== "mcp" || result.reached === 0),
    badBuild: result.reached > 0,
  };
}

/**
 * The promoted side becomes the live one: written into the stack's settings (with the
 * hold on the old side's build lifted), so the next `up` declares what AWS has, and the
 * old side scaled to nothing. The deploy's outputs follow, for the steps after it.
 */
async function promoteSide(run: DeployRun, side: McpSide): Promise<void> {
  const { outputs, program, input } = run;
  const pair = outputs.mcpBlueGreen!;
  await program.stack.changeConfig({
    set: { [mcpLiveSideConfig]: side },
    remove: [serviceKeys.mcp.pinConfig],
  });
  await scaleMcpSide(input.aws, outputs.mcpClusterName, pair.serviceNames[pair.liveSide], 0);
  outputs.mcpServiceName = pair.serviceNames[side];
  outputs.mcpBlueGreen = { ...pair, liveSide: side };
}
