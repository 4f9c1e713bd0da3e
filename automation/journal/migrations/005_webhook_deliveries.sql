-- Signed webhook deliveries: one row per event and webhook, updated after each attempt.
-- The webhook is named by its name and its URL's origin only: a URL's path or query may
-- itself be a credential (chat tools' incoming webhooks). The body is not kept: it is
-- rebuilt from the operation, which the journal keeps.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  operation_id TEXT NOT NULL REFERENCES operations (id),
  event TEXT NOT NULL,
  webhook TEXT NOT NULL,
  target TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX webhook_deliveries_operation ON webhook_deliveries (operation_id);
