import type { BakeSettings } from "./bake-settings";
import type { DatabaseCommands } from "./database-commands";

/** The server's settings a stack's operations read as they run (config.ts reads them). */
export interface OperationSettings {
  /** After traffic moves: how long health and alarms are watched, and how often alarms are read. */
  bake: BakeSettings;
  /** Shell commands run in the released commit's tree after the checks, before `up`. */
  database: DatabaseCommands;
  /** Where a commit keeps its database migrations (a glob): rollback dry runs name releases that added some. */
  migrationsPath: string;
  /** How long an mcp rollback waits for ECS to settle before reporting where it got to. */
  rolloutTimeoutMs: number;
  /** How long an invalidation asked with `wait` is polled before answering with its id. */
  invalidationWaitMs: number;
  invalidationPollMs: number;
  /** How often a canary's health is probed during its bake. */
  canaryProbeIntervalMs: number;
}
