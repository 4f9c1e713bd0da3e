import type { Journal } from "../../journal/journal";

/** Where a rollout a person paused holds, as its newest event tells. */
export interface PausedRollout {
  service: string;
  step: number;
  steps: number;
  weight: number;
  pausedSince: string;
}

/**
 * The holder's rollout when it waits on a manual pause: it keeps the stack's lock until
 * someone resumes, promotes or aborts it, which a 409 should say. Read from the
 * operation's newest event, the one a paused rollout journaled last.
 */
export async function pausedRollout(
  journal: Journal,
  operationId: string,
): Promise<PausedRollout | undefined> {
  const latest = await journal.latestEvent(operationId);
  if (latest?.type !== "log") return undefined;
  const { kind, state, service, step, steps, weight, pausedSince } = latest.data;
  if (kind !== "rollout" || state !== "paused") return undefined;
  if (typeof service !== "string" || typeof pausedSince !== "string") return undefined;
  if (typeof step !== "number" || typeof steps !== "number" || typeof weight !== "number") {
    return undefined;
  }
  return { service, step, steps, weight, pausedSince };
}

export const describePause = (operationId: string, paused: PausedRollout) =>
  `its ${paused.service} rollout is paused by hand at step ${paused.step}/${paused.steps} (${paused.weight} %) since ${paused.pausedSince} and holds the stack until resumed, promoted or aborted (POST /deployments/${operationId}/resume, /promote or /abort)`;
