-- Commands asked of a running rollout (pause, resume, promote, abort), from any instance:
-- the executor that drives the rollout polls for those after the last seq it acted on.
CREATE TABLE rollout_commands (
  operation_id TEXT NOT NULL REFERENCES operations (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  full_promotion INTEGER NOT NULL DEFAULT 0,
  requested_by TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (operation_id, seq)
);
