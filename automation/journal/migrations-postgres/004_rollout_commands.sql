-- Commands asked of a running rollout (pause, resume, promote, abort), from any instance:
-- the executor that drives the rollout polls for those after the last seq it acted on.
CREATE TABLE rollout_commands (
  operation_id TEXT COLLATE "C" NOT NULL REFERENCES operations (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  full_promotion BOOLEAN NOT NULL DEFAULT FALSE,
  requested_by TEXT NOT NULL,
  reason TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (operation_id, seq)
);
-- The seq of the operation's newest command. Asking takes the next one by updating this
-- row, which also orders commands asked of several instances at once (as last_seq does).
ALTER TABLE operations ADD COLUMN last_command_seq INTEGER NOT NULL DEFAULT 0;
