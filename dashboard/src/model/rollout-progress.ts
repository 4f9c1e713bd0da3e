import type { RolloutEvent, RolloutJudgement } from "../../../client/rollout-event";

/** Where one service's rollout stands: its newest event, and the newest judgement of it. */
export interface RolloutProgress {
  service: string;
  latest: RolloutEvent;
  /** When the newest event was journaled. */
  at: string;
  /** Kept across the events that carry none (a pause, the next move). */
  judgement: RolloutJudgement | undefined;
}

/** Lays a rollout event over the rollouts so far: one entry per service, in first-seen order. */
export function foldRollout(
  rollouts: RolloutProgress[],
  event: RolloutEvent,
  at: string,
): RolloutProgress[] {
  const index = rollouts.findIndex((rollout) => rollout.service === event.service);
  const next: RolloutProgress = {
    service: event.service,
    latest: event,
    at,
    judgement: event.judgement ?? rollouts[index]?.judgement,
  };
  if (index === -1) return [...rollouts, next];
  return rollouts.map((rollout, i) => (i === index ? next : rollout));
}

/** How long a manual pause has waited, up to `now` while it still waits. */
export function pausedMs(rollout: RolloutProgress, now: number): number | undefined {
  const { pausedSince, state } = rollout.latest;
  if (state !== "paused" || !pausedSince) return undefined;
  return Math.max(0, now - Date.parse(pausedSince));
}

/** How long a timed pause has left. */
export function waitLeftMs(rollout: RolloutProgress, now: number): number | undefined {
  const { waitUntil, state } = rollout.latest;
  if (state !== "waiting" || !waitUntil) return undefined;
  return Math.max(0, Date.parse(waitUntil) - now);
}
