import type { CurrentLive } from "../journal/current-live";
import { journaledMove, type MoveContext } from "../traffic/journaled-move";
import { waitForRollout, type RolloutState } from "../traffic/wait-for-rollout";

export interface RolloutCheck {
  ok: boolean;
  state: RolloutState;
  reason?: string;
}

/**
 * mcp's gate: ECS rolls the new task definition out behind its health check and its
 * circuit breaker. A rollout the breaker undid looks to the engine like an update that
 * completed, so the deployment's state and the task definition the service really runs
 * decide. When ECS put the old one back, the journal records that move as ECS's.
 */
export async function checkMcpRollout(
  context: MoveContext,
  live: CurrentLive | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<RolloutCheck> {
  const expected = context.outputs.pointers.mcp;
  const state = await waitForRollout(context.aws, context.outputs, timeoutMs, signal);
  const running = state.taskDefinition ?? "";
  if (running === expected && state.rolloutState !== "FAILED" && state.steady)
    return { ok: true, state };
  const why = state.rolloutStateReason ? ` (${state.rolloutStateReason})` : "";
  const reason =
    running !== expected
      ? `ECS put mcp back on ${running || "nothing"} instead of ${expected}: rollout ${state.rolloutState ?? "unknown"}${why}`
      : state.rolloutState === "FAILED"
        ? `ECS reports mcp's rollout of ${expected} FAILED${why}`
        : `mcp's rollout of ${expected} did not settle in ${timeoutMs} ms (${state.running ?? 0} of ${state.desired ?? 0} tasks running)`;
  if (running && running !== expected) {
    const before = live?.services.mcp;
    const target =
      before?.pointer === running
        ? before
        : { gitHash: "", pointer: running, tag: before?.tag ?? 0, unreleased: "unknown" };
    await journaledMove(context, { service: "mcp", from: expected, to: running, target }, () =>
      Promise.resolve(),
    );
  }
  return { ok: false, state, reason };
}
