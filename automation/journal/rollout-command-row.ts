import type { NewRolloutCommand, RolloutCommand } from "../domain/rollout-command";

/** A rollout_commands row as both journals read it: SQLite answers the flag as 0 or 1. */
export interface RolloutCommandRow {
  operation_id: string;
  seq: number;
  kind: RolloutCommand["kind"];
  full_promotion: number | boolean;
  requested_by: string;
  reason: string | null;
  at: string;
}

export const toRolloutCommand = (row: RolloutCommandRow): RolloutCommand => ({
  operationId: row.operation_id,
  seq: row.seq,
  kind: row.kind,
  full: Boolean(row.full_promotion),
  by: row.requested_by,
  ...(row.reason === null ? {} : { reason: row.reason }),
  at: row.at,
});

/**
 * A command's values in the order both journals' INSERTs name the columns after the
 * operation and its seq: kind, full_promotion, requested_by, reason, at. Only a promote
 * goes straight to 100 %, whatever else was sent.
 */
export const rolloutCommandValues = (
  command: NewRolloutCommand,
  at: string,
): [RolloutCommand["kind"], boolean, string, string | null, string] => [
  command.kind,
  command.kind === "promote" && command.full === true,
  command.by,
  command.reason ?? null,
  at,
];
