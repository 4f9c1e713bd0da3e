import { randomUUID } from "node:crypto";
import type { Journal, NewOperation } from "../../../automation/journal/journal";

export interface OpenOptions {
  /** The instance's owner id; a new one when not given. */
  instanceId?: string;
  engineEventsPerOperation?: number;
}

/** Opens another journal instance on the suite's store. */
export type OpenJournal = (options?: OpenOptions) => Promise<Journal>;

export interface ContractContext {
  /** The suite's journal, opened before its first test. */
  readonly journal: Journal;
  /** Another instance on the same store, closed after the suite. */
  open: OpenJournal;
}

/** A stack no other test uses: tests share the store. */
export const freshStack = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export const newDeploy = (stack: string, requestedBy = "alice"): NewOperation => ({
  stack,
  kind: "deploy",
  requestedBy,
  request: {},
});

/**
 * A write refused by a uniqueness rule, in SQLite's words or PostgreSQL's: a write that
 * failed for any other reason (a broken statement) must not pass for the refusal.
 */
export const refusedAsDuplicate =
  /UNIQUE constraint failed|duplicate key value violates unique constraint/;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
