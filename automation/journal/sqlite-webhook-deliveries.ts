import type { Database } from "better-sqlite3";
import type { NewWebhookDelivery, WebhookAttempt, WebhookDelivery } from "./journal";
import { attemptValues, toDelivery, type DeliveryRow } from "./webhook-delivery-row";

/** The SQLite side of webhook deliveries: recorded when queued, updated after each attempt. */

const now = () => new Date().toISOString();

export function recordWebhookDelivery(db: Database, delivery: NewWebhookDelivery): void {
  const at = now();
  db.prepare(
    `INSERT INTO webhook_deliveries
       (id, operation_id, event, webhook, target, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
  ).run(
    delivery.id,
    delivery.operationId,
    delivery.event,
    delivery.webhook,
    delivery.target,
    at,
    at,
  );
}

export function updateWebhookDelivery(db: Database, id: string, attempt: WebhookAttempt): void {
  db.prepare(
    `UPDATE webhook_deliveries
     SET state = ?, attempts = ?, last_status = ?, last_error = ?, updated_at = ?, finished_at = ?
     WHERE id = ?`,
  ).run(...attemptValues(attempt, now()), id);
}

/** An operation's deliveries in the order they were queued. */
export function webhookDeliveries(db: Database, operationId: string): WebhookDelivery[] {
  const rows = db
    .prepare("SELECT * FROM webhook_deliveries WHERE operation_id = ? ORDER BY rowid")
    .all(operationId) as DeliveryRow[];
  return rows.map(toDelivery);
}
