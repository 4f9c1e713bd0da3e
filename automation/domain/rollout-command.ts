/**
 * What someone asked a running rollout to do, journaled for the executor that drives it:
 * it reads the commands by polling, whichever instance they were asked of.
 */

export const rolloutCommandKinds = ["pause", "resume", "promote", "abort"] as const;
export type RolloutCommandKind = (typeof rolloutCommandKinds)[number];

export interface RolloutCommand {
  operationId: string;
  /** 1, 2, 3… per operation, in the order asked. */
  seq: number;
  kind: RolloutCommandKind;
  /** promote only: straight to 100 % rather than the next step. */
  full: boolean;
  /** The token's name that asked. */
  by: string;
  reason?: string;
  at: string; // ISO time
}

/** A command as asked, before the journal gives it its seq and time. */
export interface NewRolloutCommand {
  kind: RolloutCommandKind;
  full?: boolean;
  by: string;
  reason?: string;
}

/** The name of the deploy step a rollout runs as: commands are taken while it runs. */
export const rolloutStepName = "rollout";
