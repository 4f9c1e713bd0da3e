-- Every operation flightdeck ran or refused, with its steps, events and releases.
CREATE TABLE operations (
  id TEXT PRIMARY KEY,
  stack TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  request TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  commit_hash TEXT,
  affected_services TEXT NOT NULL DEFAULT '[]',
  summary TEXT,
  versions TEXT,
  release_tag INTEGER,
  rolled_back INTEGER NOT NULL DEFAULT 0,
  error TEXT
);
-- The listing is newest first, optionally filtered: keyset pages on (created_at, id).
CREATE INDEX operations_by_time ON operations (created_at DESC, id DESC);
CREATE INDEX operations_by_stack ON operations (stack, created_at DESC, id DESC);
CREATE INDEX operations_by_status ON operations (status, created_at DESC, id DESC);
CREATE INDEX operations_by_kind ON operations (kind, created_at DESC, id DESC);

CREATE TABLE steps (
  operation_id TEXT NOT NULL REFERENCES operations (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  detail TEXT,
  PRIMARY KEY (operation_id, position)
);

CREATE TABLE events (
  operation_id TEXT NOT NULL REFERENCES operations (id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (operation_id, seq)
);

CREATE TABLE releases (
  stack TEXT NOT NULL,
  tag INTEGER NOT NULL,
  manifest TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (stack, tag)
);

-- One row per stack while a mutating operation runs on it. Taken in the same
-- transaction that creates the operation, so it holds across processes sharing the file.
CREATE TABLE stack_locks (
  stack TEXT PRIMARY KEY,
  operation_id TEXT NOT NULL REFERENCES operations (id),
  since TEXT NOT NULL
);
