-- Each claim of an operation by an instance bumps its epoch; an owner's writes name the
-- epoch it holds, so those of an owner whose lease was taken over are refused.
ALTER TABLE operations ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
