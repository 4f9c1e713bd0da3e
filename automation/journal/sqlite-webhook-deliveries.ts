import type { Database } from "better-sqlite3";
import type { NewWebhookDelivery, WebhookAttempt, WebhookDelivery } from "./journal";

/** The SQLite side of webhook deliveries: recorded when queued, updated after each attempt. */

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
  const at = now();
  db.prepare(
    `UPDATE webhook_deliveries
     SET state = ?, attempts = ?, last_status = ?, last_error = ?, updated_at = ?, finished_at = ?
     WHERE id = ?`,
  ).run(
    attempt.state,
    attempt.attempts,
    attempt.lastStatus ?? null,
    attempt.lastError ?? null,
    at,
    attempt.state === "pending" ? null : at,
    id,
  );
}

/** An operation's deliveries in the order they were queued. */
export function webhookDeliveries(db: Database, operationId: string): WebhookDelivery[] {
  const rows = db
    .prepare("SELECT * FROM webhook_deliveries WHERE operation_id = ? ORDER BY rowid")
    .all(operationId) as DeliveryRow[];
  return rows.map(toDelivery);
}
