-- The journal on PostgreSQL: SQLite's migrations 001 to 005 in one schema.
--
-- Times are ISO 8601 text, as on SQLite, so both journals answer the same strings (and
-- some are the caller's own text, such as a bad mark's). The ones compared or ordered
-- collate as "C", byte by byte, whatever the database's locale: ISO times then sort as
-- times, and keyset pages agree with the cursor they were given.
--
-- Documents are `json`, kept as written: jsonb would reorder keys and refuse "\u0000",
-- which an engine's log line may well contain.

-- Every operation flightdeck ran or refused, with its steps, events and releases.
CREATE TABLE operations (
  id TEXT COLLATE "C" PRIMARY KEY,
  stack TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  request JSON NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  finished_at TEXT,
  commit_hash TEXT,
  affected_services JSON NOT NULL DEFAULT '[]',
  summary JSON,
  versions JSON,
  release_tag INTEGER,
  rolled_back BOOLEAN NOT NULL DEFAULT FALSE,
  error JSON,
  -- Which server instance runs it, and when it last said it still does: another
  -- instance recovers it only once this lease has expired.
  owner TEXT,
  heartbeat_at TEXT COLLATE "C",
  -- The seq of its newest event. Appending takes the next one by updating this row, which
  -- also orders appends to one operation made by several instances at once.
  last_seq INTEGER NOT NULL DEFAULT 0
);
-- The listing is newest first, optionally filtered: keyset pages on (created_at, id).
CREATE INDEX operations_by_time ON operations (created_at DESC, id DESC);
CREATE INDEX operations_by_stack ON operations (stack, created_at DESC, id DESC);
CREATE INDEX operations_by_status ON operations (status, created_at DESC, id DESC);
CREATE INDEX operations_by_kind ON operations (kind, created_at DESC, id DESC);
CREATE INDEX operations_running ON operations (status) WHERE status = 'running';

CREATE TABLE steps (
  operation_id TEXT COLLATE "C" NOT NULL REFERENCES operations (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  detail JSON,
  PRIMARY KEY (operation_id, position)
);

CREATE TABLE events (
  operation_id TEXT COLLATE "C" NOT NULL REFERENCES operations (id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  data JSON NOT NULL,
  PRIMARY KEY (operation_id, seq)
);

CREATE TABLE releases (
  stack TEXT NOT NULL,
  tag INTEGER NOT NULL,
  manifest JSON NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (stack, tag)
);

-- One row per stack while a mutating operation runs on it, inserted in the transaction
-- that creates the operation: its primary key is the lock, for every instance at once.
-- The lock is taken before the operation is inserted (a refused begin then writes
-- nothing), so its reference is checked at commit.
CREATE TABLE stack_locks (
  stack TEXT PRIMARY KEY,
  operation_id TEXT COLLATE "C" NOT NULL
    REFERENCES operations (id) DEFERRABLE INITIALLY DEFERRED,
  since TEXT NOT NULL
);
CREATE INDEX stack_locks_by_operation ON stack_locks (operation_id);

-- What each stack runs now, per service, and its cached outputs (see domain/live-state.ts).
CREATE TABLE live_state (
  stack TEXT PRIMARY KEY,
  state JSON NOT NULL,
  updated_at TEXT NOT NULL
);

-- CloudFront invalidations asked through the server, by idempotency key, so a retried
-- request answers with the invalidation it already created.
CREATE TABLE invalidations (
  stack TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  id TEXT NOT NULL,
  distribution_id TEXT NOT NULL,
  paths JSON NOT NULL,
  requested_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (stack, idempotency_key)
);
CREATE UNIQUE INDEX invalidations_by_id ON invalidations (stack, id);

-- Every pointer move, journaled before the AWS call (open) and settled after it, so a
-- crash in between leaves an intent that recovery resolves by reading AWS.
CREATE TABLE pointer_moves (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  operation_id TEXT COLLATE "C" NOT NULL REFERENCES operations (id),
  stack TEXT NOT NULL,
  service TEXT NOT NULL,
  from_pointer TEXT NOT NULL,
  -- Empty when not known before the call: an `up` publishes a build of its own.
  to_pointer TEXT NOT NULL,
  -- What the service runs once moved (a LiveService, see domain/live-state.ts).
  target JSON NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'moved', 'not_moved')),
  opened_at TEXT NOT NULL,
  settled_at TEXT
);
CREATE INDEX pointer_moves_by_operation ON pointer_moves (operation_id, id);

-- Releases a rollback moved a service away from: never a default target again.
CREATE TABLE bad_releases (
  stack TEXT NOT NULL,
  tag INTEGER NOT NULL,
  service TEXT NOT NULL,
  marked_at TEXT NOT NULL,
  marked_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  PRIMARY KEY (stack, tag, service)
);

-- What the last engine run left as a stack's outputs, secrets already masked: reads of a
-- stack answer from here instead of starting the engine.
CREATE TABLE stack_outputs (
  stack TEXT PRIMARY KEY,
  outputs JSON NOT NULL,
  recorded_at TEXT NOT NULL
);

-- Signed webhook deliveries: one row per event and webhook, updated after each attempt.
-- The webhook is named by its name and its URL's origin only: a URL's path or query may
-- itself be a credential. The body is not kept: it is rebuilt from the operation.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  -- The order deliveries were queued in (SQLite's rowid).
  queued BIGINT GENERATED ALWAYS AS IDENTITY,
  operation_id TEXT COLLATE "C" NOT NULL REFERENCES operations (id),
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
CREATE INDEX webhook_deliveries_by_operation ON webhook_deliveries (operation_id, queued);
