-- A cancel asked of any instance, recorded for the one that runs the operation: its lease
-- keeper reads it and stops the operation there.
ALTER TABLE operations ADD COLUMN cancel_requested_by TEXT;
ALTER TABLE operations ADD COLUMN cancel_requested_at TEXT;
