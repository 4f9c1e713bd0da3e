import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import type { LiveCheck, LiveState } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import type {
  BadRelease,
  InvalidationRecord,
  Journal,
  LockHolder,
  NewOperation,
  NewPointerIntent,
  Operation,
  OperationEvent,
  OperationFilter,
  OperationPage,
  OperationPatch,
  OperationStatus,
  PointerIntent,
  PointerOutcome,
  RecordedOutputs,
  StepStatus,
  NewWebhookDelivery,
  WebhookAttempt,
  WebhookDelivery,
} from "./journal";
import { defaultEngineEventsPerOperation, EngineEventBound } from "./folded-engine-events";
import { newInstanceId } from "./instance-owner";
import * as events from "./sqlite-events";
import * as invalidations from "./sqlite-invalidations";
import * as leases from "./sqlite-leases";
import { encodeCursor, listQuery } from "./list-query";
import { migrate } from "./migrate";
import { patchColumns, toOperation, type OperationRow, type StepRow } from "./operation-row";
import * as liveTruth from "./sqlite-live-truth";
import * as releases from "./sqlite-releases";
import * as stackOutputs from "./sqlite-stack-outputs";
import * as deliveries from "./sqlite-webhook-deliveries";

const now = () => new Date().toISOString();

export interface SqliteJournalOptions {
  /** Engine events an operation keeps before the oldest are folded into one. */
  engineEventsPerOperation?: number;
}

/** The journal in one SQLite file (WAL), shared safely by every process that opens it. */
export class SqliteJournal implements Journal {
  private readonly db: Database;
  private readonly engineEventBound: EngineEventBound;

  constructor(
    path: string,
    readonly instanceId: string = newInstanceId(),
    options: SqliteJournalOptions = {},
  ) {
    this.engineEventBound = new EngineEventBound(
      options.engineEventsPerOperation ?? defaultEngineEventsPerOperation,
    );
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new BetterSqlite3(path);
    this.db.pragma("journal_mode = WAL");
    // Another process may hold the write lock for a moment; wait instead of failing.
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    // In WAL mode NORMAL keeps every commit through a killed process, the crash that
    // recovery is built for; only an OS crash or power loss may drop the last commits.
    this.db.pragma("synchronous = NORMAL");
    migrate(this.db);
  }

  beginOperation(input: NewOperation): { operation: Operation } | { heldBy: LockHolder } {
    return this.db
      .transaction(() => {
        const heldBy = this.lockHolder(input.stack);
        if (heldBy) return { heldBy };
        const operation = this.insertOperation(input);
        this.db
          .prepare("INSERT INTO stack_locks (stack, operation_id, since) VALUES (?, ?, ?)")
          .run(input.stack, operation.id, operation.createdAt);
        return { operation };
      })
      .immediate();
  }

  recordOperation(input: NewOperation): Operation {
    return this.insertOperation(input);
  }

  private insertOperation(input: NewOperation): Operation {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO operations
           (id, stack, kind, status, requested_by, request, created_at, owner, heartbeat_at)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.stack,
        input.kind,
        input.requestedBy,
        JSON.stringify(input.request),
        now(),
        this.instanceId,
        now(),
      );
    return this.getOperation(id)!;
  }

  updateOperation(id: string, patch: OperationPatch): Operation {
    const columns = patchColumns(patch);
    const names = Object.keys(columns);
    if (names.length > 0) {
      this.db
        .prepare(
          `UPDATE operations SET ${names.map((name) => `${name} = @${name}`).join(", ")} WHERE id = @id`,
        )
        .run({ ...columns, id });
    }
    const operation = this.getOperation(id);
    if (!operation) throw new RangeError(`no operation ${id}`);
    return operation;
  }

  finishOperation(id: string, patch: OperationPatch & { status: OperationStatus }): Operation {
    return this.db
      .transaction(() => {
        const current = this.getOperation(id);
        if (!current) throw new RangeError(`no operation ${id}`);
        if (!this.ownsRunning(id)) return current;
        const operation = this.updateOperation(id, { finishedAt: now(), ...patch });
        this.db.prepare("DELETE FROM stack_locks WHERE operation_id = ?").run(id);
        return operation;
      })
      .immediate();
  }

  private ownsRunning(id: string): boolean {
    return leases.ownsRunning(this.db, this.instanceId, id);
  }

  startStep(id: string, name: string): void {
    this.db
      .prepare(
        `INSERT INTO steps (operation_id, position, name, status, started_at)
         VALUES (?, (SELECT COUNT(*) FROM steps WHERE operation_id = ?), ?, 'running', ?)`,
      )
      .run(id, id, name, now());
  }

  finishStep(id: string, name: string, status: StepStatus, detail?: Record<string, unknown>): void {
    this.db
      .prepare(
        `UPDATE steps SET status = ?, finished_at = ?, detail = ?
         WHERE operation_id = ? AND position =
           (SELECT MAX(position) FROM steps WHERE operation_id = ? AND name = ?)`,
      )
      .run(status, now(), detail === undefined ? null : JSON.stringify(detail), id, id, name);
  }

  appendEvent(
    id: string,
    type: OperationEvent["type"],
    data: Record<string, unknown>,
  ): OperationEvent {
    return events.appendEvent(this.db, this.engineEventBound, id, type, data);
  }

  listEvents(id: string, afterSeq = 0, limit?: number): OperationEvent[] {
    return events.listEvents(this.db, id, afterSeq, limit);
  }

  latestEvent(id: string): OperationEvent | undefined {
    return events.latestEvent(this.db, id);
  }

  getOperation(id: string): Operation | undefined {
    const row = this.db.prepare("SELECT * FROM operations WHERE id = ?").get(id) as
      OperationRow | undefined;
    return row && toOperation(row, this.steps(id));
  }

  private steps(id: string): StepRow[] {
    return this.db
      .prepare(
        "SELECT name, status, started_at, finished_at, detail FROM steps WHERE operation_id = ? ORDER BY position",
      )
      .all(id) as StepRow[];
  }

  /** The steps of many operations in one query, for a page of the listing. */
  private stepsOf(ids: string[]): Map<string, StepRow[]> {
    const byOperation = new Map<string, StepRow[]>();
    if (ids.length === 0) return byOperation;
    const rows = this.db
      .prepare(
        `SELECT operation_id, name, status, started_at, finished_at, detail FROM steps
         WHERE operation_id IN (${ids.map(() => "?").join(", ")}) ORDER BY operation_id, position`,
      )
      .all(...ids) as Array<StepRow & { operation_id: string }>;
    for (const { operation_id, ...step } of rows) {
      byOperation.set(operation_id, [...(byOperation.get(operation_id) ?? []), step]);
    }
    return byOperation;
  }

  listOperations(filter: OperationFilter): OperationPage {
    const { sql, params } = listQuery(filter);
    const rows = this.db.prepare(sql).all(params) as OperationRow[];
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    const steps = this.stepsOf(page.map((row) => row.id));
    return {
      items: page.map((row) => toOperation(row, steps.get(row.id) ?? [])),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : undefined,
    };
  }

  lockHolder(stack: string): LockHolder | undefined {
    const row = this.db
      .prepare(
        `SELECT l.stack, l.operation_id, l.since, o.kind, o.requested_by
         FROM stack_locks l JOIN operations o ON o.id = l.operation_id WHERE l.stack = ?`,
      )
      .get(stack) as
      | {
          stack: string;
          operation_id: string;
          since: string;
          kind: Operation["kind"];
          requested_by: string;
        }
      | undefined;
    return (
      row && {
        stack: row.stack,
        operationId: row.operation_id,
        kind: row.kind,
        requestedBy: row.requested_by,
        since: row.since,
      }
    );
  }

  heartbeat(running: string[]): string[] {
    leases.renewLeases(this.db, this.instanceId);
    return running.filter((id) => !this.ownsRunning(id));
  }

  claimExpired(leaseMs: number): Operation[] {
    return leases
      .claimExpired(this.db, this.instanceId, leaseMs)
      .map((id) => this.getOperation(id)!);
  }

  settleInterrupted(id: string): Operation | undefined {
    return this.db
      .transaction(() => {
        if (!this.ownsRunning(id)) return undefined;
        const error = leases.markInterrupted(this.db, id);
        // Its event stream ends like any other: with the final status.
        this.appendEvent(id, "status", { status: "interrupted", error });
        return this.getOperation(id);
      })
      .immediate();
  }

  openPointerMove(intent: NewPointerIntent): number {
    return liveTruth.openPointerMove(this.db, intent);
  }

  settlePointerMove(id: number, outcome: PointerOutcome): void {
    liveTruth.settlePointerMove(this.db, id, outcome);
  }

  pointerMoves(operationId: string): PointerIntent[] {
    return liveTruth.pointerMoves(this.db, operationId);
  }

  badReleases(stack: string): BadRelease[] {
    return liveTruth.badReleases(this.db, stack);
  }

  saveLiveCheck(stack: string, check: LiveCheck, corrected: LiveState["services"]): void {
    liveTruth.saveLiveCheck(this.db, stack, check, corrected);
  }

  saveRelease(manifest: ReleaseManifest, live?: LiveState): void {
    releases.saveRelease(this.db, manifest, live);
  }

  getRelease(stack: string, tag: number): ReleaseManifest | undefined {
    return releases.getRelease(this.db, stack, tag);
  }

  latestRelease(stack: string): ReleaseManifest | undefined {
    return releases.latestRelease(this.db, stack);
  }

  listReleases(stack: string): ReleaseManifest[] {
    return releases.listReleases(this.db, stack);
  }

  liveState(stack: string): LiveState | undefined {
    return liveTruth.readLive(this.db, stack);
  }

  saveLiveState(state: LiveState): void {
    liveTruth.writeLive(this.db, state);
  }

  saveInvalidation(record: InvalidationRecord): void {
    invalidations.saveInvalidation(this.db, record);
  }

  findInvalidation(
    stack: string,
    by: { idempotencyKey: string } | { id: string },
  ): InvalidationRecord | undefined {
    return invalidations.findInvalidation(this.db, stack, by);
  }

  recordOutputs(stack: string, outputs: Record<string, unknown>): void {
    stackOutputs.recordOutputs(this.db, stack, outputs);
  }

  recordedOutputs(stack: string): RecordedOutputs | undefined {
    return stackOutputs.recordedOutputs(this.db, stack);
  }

  recordWebhookDelivery(delivery: NewWebhookDelivery): void {
    deliveries.recordWebhookDelivery(this.db, delivery);
  }

  updateWebhookDelivery(id: string, attempt: WebhookAttempt): void {
    deliveries.updateWebhookDelivery(this.db, id, attempt);
  }

  webhookDeliveries(operationId: string): WebhookDelivery[] {
    return deliveries.webhookDeliveries(this.db, operationId);
  }

  close(): void {
    this.db.close();
  }
}
