-- What each stack runs now, per service, and its cached outputs (see domain/live-state.ts).
CREATE TABLE live_state (
  stack TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- CloudFront invalidations asked through the server, by idempotency key, so a retried
-- request answers with the invalidation it already created.
CREATE TABLE invalidations (
  stack TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  id TEXT NOT NULL,
  distribution_id TEXT NOT NULL,
  paths TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (stack, idempotency_key)
);
CREATE UNIQUE INDEX invalidations_by_id ON invalidations (stack, id);
