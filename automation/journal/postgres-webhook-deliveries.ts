import type { NewWebhookDelivery, WebhookAttempt, WebhookDelivery } from "./journal";
import { rows, type Queryable } from "./postgres-db";
import { attemptValues, toDelivery, type DeliveryRow } from "./webhook-delivery-row";

/** The PostgreSQL side of webhook deliveries: recorded when queued, updated after each attempt. */

const now = () => new Date().toISOString();

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
  await db.query(
    `UPDATE webhook_deliveries
     SET state = $1, attempts = $2, last_status = $3, last_error = $4, updated_at = $5,
         finished_at = $6
     WHERE id = $7`,
    [...attemptValues(attempt, now()), id],
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
