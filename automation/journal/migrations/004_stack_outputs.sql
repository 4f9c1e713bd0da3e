-- What the last engine run left as a stack's outputs, secrets already masked: reads of a
-- stack answer from here instead of starting the engine.
CREATE TABLE stack_outputs (
  stack TEXT PRIMARY KEY,
  outputs TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
