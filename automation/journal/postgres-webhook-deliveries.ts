import type { NewWebhookDelivery, WebhookAttempt, WebhookDelivery } from "./journal";
import { rows, type Queryable } from "./postgres-db";

/** The PostgreSQL side of webhook deliveries: recorded when queued, updated after each attempt. */

const now = () => new Date().toISOString();

interface DeliveryRow {
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

const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
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

export async function recordWebhookDelivery(
  db: Queryable,
  delivery: NewWebhookDelivery,
): Promise<void> {
  const at = now();
  await db.query(
    `INSERT INTO webhook_deliveries
       (id, operation_id, event, webhook, target, state, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)`,
    [delivery.id, delivery.operationId, delivery.event, delivery.webhook, delivery.target, at],
  );
}

export async function updateWebhookDelivery(
  db: Queryable,
  id: string,
  attempt: WebhookAttempt,
): Promise<void> {
  const at = now();
  await db.query(
    `UPDATE webhook_deliveries
     SET state = $1, attempts = $2, last_status = $3, last_error = $4, updated_at = $5,
         finished_at = $6
     WHERE id = $7`,
    [
      attempt.state,
      attempt.attempts,
      attempt.lastStatus ?? null,
      attempt.lastError ?? null,
      at,
      attempt.state === "pending" ? null : at,
      id,
    ],
  );
}

/** An operation's deliveries in the order they were queued. */
export async function webhookDeliveries(
  db: Queryable,
  operationId: string,
): Promise<WebhookDelivery[]> {
  const found = await rows<DeliveryRow>(
    db,
    "SELECT * FROM webhook_deliveries WHERE operation_id = $1 ORDER BY queued",
    [operationId],
  );
  return found.map(toDelivery);
}
