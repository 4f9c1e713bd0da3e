import type { WebhookAttempt, WebhookDelivery } from "./journal";

/** A webhook_deliveries row as both journals read it. */
export interface DeliveryRow {
  id: string;
  operation_id: string;
  event: string;
  webhook: string;
  target: string;
  state: WebhookDelivery["state"];
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  operationId: row.operation_id,
  event: row.event,
  webhook: row.webhook,
  target: row.target,
  state: row.state,
  attempts: row.attempts,
  ...(row.last_status === null ? {} : { lastStatus: row.last_status }),
  ...(row.last_error === null ? {} : { lastError: row.last_error }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
});

/**
 * What an attempt made at `at` writes, in the order both journals' UPDATEs name the
 * columns: state, attempts, last_status, last_error, updated_at, finished_at. A delivery
 * is finished once it is no longer pending.
 */
export function attemptValues(
  attempt: WebhookAttempt,
  at: string,
): [WebhookDelivery["state"], number, number | null, string | null, string, string | null] {
  return [
    attempt.state,
    attempt.attempts,
    attempt.lastStatus ?? null,
    attempt.lastError ?? null,
    at,
    attempt.state === "pending" ? null : at,
  ];
}
