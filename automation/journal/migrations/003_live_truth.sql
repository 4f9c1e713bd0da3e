-- Which server instance runs an operation, and when it last said it still does: another
-- instance recovers an operation only once this lease has expired.
ALTER TABLE operations ADD COLUMN owner TEXT;
ALTER TABLE operations ADD COLUMN heartbeat_at TEXT;
CREATE INDEX operations_running ON operations (status) WHERE status = 'running';

-- Every pointer move, journaled before the AWS call (open) and settled after it, so a
-- crash in between leaves an intent that recovery resolves by reading AWS.
CREATE TABLE pointer_moves (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operation_id TEXT NOT NULL REFERENCES operations (id),
  stack TEXT NOT NULL,
  service TEXT NOT NULL,
  from_pointer TEXT NOT NULL,
  -- Empty when not known before the call: an `up` publishes a build of its own.
  to_pointer TEXT NOT NULL,
  -- What the service runs once moved (a LiveService, see domain/live-state.ts).
  target TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'moved', 'not_moved')),
  opened_at TEXT NOT NULL,
  settled_at TEXT
);
CREATE INDEX pointer_moves_open ON pointer_moves (operation_id) WHERE state = 'open';

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
