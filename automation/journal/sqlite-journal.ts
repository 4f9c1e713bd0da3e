import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import type { LiveCheck, LiveState } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import type { NewRolloutCommand, RolloutCommand } from "../domain/rollout-command";
import type {
  BadRelease,
  InvalidationRecord,
  Journal,
  LockHolder,
  NewOperation,
  NewPointerIntent,
  Operation,
  NewEvent,
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
import { Fences } from "./fences";
import { newInstanceId } from "./instance-owner";
import * as events from "./sqlite-events";
import * as invalidations from "./sqlite-invalidations";
import * as leases from "./sqlite-leases";
import { ListingCache } from "./sqlite-listing-cache";
import { migrate } from "./migrate";
import * as liveTruth from "./sqlite-live-truth";
import * as locks from "./sqlite-locks";
import * as operations from "./sqlite-operations";
import * as releases from "./sqlite-releases";
import * as rolloutCommands from "./sqlite-rollout-commands";
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
  private readonly fences = new Fences();
  private readonly listing: ListingCache;

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
    this.listing = new ListingCache(this.db);
  }

  async beginOperation(
    input: NewOperation,
  ): Promise<{ operation: Operation } | { heldBy: LockHolder }> {
    return this.db
      .transaction(() => {
        const heldBy = locks.lockHolder(this.db, input.stack);
        if (heldBy) return { heldBy };
        const operation = this.insertOperation(input);
        locks.takeLock(this.db, input.stack, operation.id, operation.createdAt);
        return { operation };
      })
      .immediate();
  }

  async recordOperation(input: NewOperation): Promise<Operation> {
    return this.insertOperation(input);
  }

  private insertOperation(input: NewOperation): Operation {
    const id = operations.insertOperation(this.db, this.instanceId, input);
    this.fences.hold(id, 0);
    return this.operation(id)!;
  }

  /** Runs a write to an operation in one transaction with the check that it is still ours. */
  private fenced<T>(id: string, write: () => T): T {
    return this.db
      .transaction(() => {
        this.fences.check(this.instanceId, id, leases.fenceRow(this.db, id));
        return write();
      })
      .immediate();
  }

  async updateOperation(id: string, patch: OperationPatch): Promise<Operation> {
    return this.fenced(id, () => this.patchOperation(id, patch));
  }

  private patchOperation(id: string, patch: OperationPatch): Operation {
    operations.patchOperation(this.db, id, patch);
    const operation = this.operation(id);
    if (!operation) throw new RangeError(`no operation ${id}`);
    return operation;
  }

  async finishOperation(
    id: string,
    patch: OperationPatch & { status: OperationStatus },
  ): Promise<Operation> {
    return this.db
      .transaction(() => {
        const current = this.operation(id);
        if (!current) throw new RangeError(`no operation ${id}`);
        const owned = this.ownsRunning(id);
        // Ended here or by whoever took it over: nobody claims it again.
        this.fences.release(id);
        if (!owned) return current;
        const operation = this.patchOperation(id, { finishedAt: now(), ...patch });
        locks.releaseLock(this.db, id);
        return operation;
      })
      .immediate();
  }

  private ownsRunning(id: string): boolean {
    return leases.ownsRunning(this.db, this.instanceId, id, this.fences.epoch(id));
  }

  private operation(id: string): Operation | undefined {
    return operations.readOperation(this.db, id);
  }

  async startStep(id: string, name: string): Promise<void> {
    this.fenced(id, () => operations.startStep(this.db, id, name));
  }

  async finishStep(
    id: string,
    name: string,
    status: StepStatus,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    this.fenced(id, () => operations.finishStep(this.db, id, name, status, detail));
  }

  async appendEvent(
    id: string,
    type: OperationEvent["type"],
    data: Record<string, unknown>,
  ): Promise<OperationEvent> {
    return this.fenced(id, () =>
      events.appendEvent(this.db, this.engineEventBound, id, type, data),
    );
  }

  async appendEvents(id: string, list: readonly NewEvent[]): Promise<OperationEvent[]> {
    return this.fenced(id, () => events.appendEvents(this.db, this.engineEventBound, id, list));
  }

  async listEvents(id: string, afterSeq = 0, limit?: number): Promise<OperationEvent[]> {
    return events.listEvents(this.db, id, afterSeq, limit);
  }

  async latestEvent(id: string): Promise<OperationEvent | undefined> {
    return events.latestEvent(this.db, id);
  }

  async getOperation(id: string): Promise<Operation | undefined> {
    return this.operation(id);
  }

  async listOperations(filter: OperationFilter): Promise<OperationPage> {
    return this.listing.page(filter, () => operations.listOperations(this.db, filter));
  }

  async lockHolder(stack: string): Promise<LockHolder | undefined> {
    return locks.lockHolder(this.db, stack);
  }

  async heartbeat(running: string[]): Promise<string[]> {
    leases.renewLeases(this.db, this.instanceId, running);
    return running.filter((id) => !this.ownsRunning(id));
  }

  async claimExpired(leaseMs: number): Promise<Operation[]> {
    return leases.claimExpired(this.db, this.instanceId, leaseMs).map(({ id, epoch }) => {
      this.fences.hold(id, epoch);
      return this.operation(id)!;
    });
  }

  async requestCancel(id: string, by: string): Promise<boolean> {
    return leases.requestCancel(this.db, id, by);
  }

  async cancelRequests(running: string[]): Promise<Array<{ id: string; by: string }>> {
    return leases.cancelRequests(this.db, this.instanceId, running);
  }

  async requestRolloutCommand(
    operationId: string,
    command: NewRolloutCommand,
  ): Promise<RolloutCommand | undefined> {
    return rolloutCommands.requestRolloutCommand(this.db, operationId, command);
  }

  async rolloutCommands(operationId: string, afterSeq: number): Promise<RolloutCommand[]> {
    return rolloutCommands.rolloutCommands(this.db, operationId, afterSeq);
  }

  async settleInterrupted(id: string): Promise<Operation | undefined> {
    return this.db
      .transaction(() => {
        if (!this.ownsRunning(id)) return undefined;
        this.fences.release(id);
        const error = leases.markInterrupted(this.db, id);
        // Its event stream ends like any other: with the final status.
        events.appendEvent(this.db, this.engineEventBound, id, "status", {
          status: "interrupted",
          error,
        });
        return this.operation(id);
      })
      .immediate();
  }

  async openPointerMove(intent: NewPointerIntent): Promise<number> {
    return this.fenced(intent.operationId, () => liveTruth.openPointerMove(this.db, intent));
  }

  async settlePointerMove(id: number, outcome: PointerOutcome): Promise<void> {
    const operationId = liveTruth.pointerMoveOperation(this.db, id);
    if (operationId === undefined) throw new RangeError(`no pointer move ${id}`);
    this.fenced(operationId, () => liveTruth.settlePointerMove(this.db, id, outcome));
  }

  async pointerMoves(operationId: string): Promise<PointerIntent[]> {
    return liveTruth.pointerMoves(this.db, operationId);
  }

  async badReleases(stack: string): Promise<BadRelease[]> {
    return liveTruth.badReleases(this.db, stack);
  }

  async saveLiveCheck(
    stack: string,
    check: LiveCheck,
    corrected: LiveState["services"],
  ): Promise<void> {
    liveTruth.saveLiveCheck(this.db, stack, check, corrected);
  }

  async saveRelease(manifest: ReleaseManifest, live?: LiveState): Promise<void> {
    releases.saveRelease(this.db, manifest, live);
  }

  async getRelease(stack: string, tag: number): Promise<ReleaseManifest | undefined> {
    return releases.getRelease(this.db, stack, tag);
  }

  async latestRelease(stack: string): Promise<ReleaseManifest | undefined> {
    return releases.latestRelease(this.db, stack);
  }

  async listReleases(stack: string): Promise<ReleaseManifest[]> {
    return releases.listReleases(this.db, stack);
  }

  async liveState(stack: string): Promise<LiveState | undefined> {
    return liveTruth.readLive(this.db, stack);
  }

  async saveLiveState(state: LiveState): Promise<void> {
    liveTruth.writeLive(this.db, state);
  }

  async saveInvalidation(record: InvalidationRecord): Promise<void> {
    invalidations.saveInvalidation(this.db, record);
  }

  async findInvalidation(
    stack: string,
    by: { idempotencyKey: string } | { id: string },
  ): Promise<InvalidationRecord | undefined> {
    return invalidations.findInvalidation(this.db, stack, by);
  }

  async recordOutputs(stack: string, outputs: Record<string, unknown>): Promise<void> {
    stackOutputs.recordOutputs(this.db, stack, outputs);
  }

  async recordedOutputs(stack: string): Promise<RecordedOutputs | undefined> {
    return stackOutputs.recordedOutputs(this.db, stack);
  }

  async recordWebhookDelivery(delivery: NewWebhookDelivery): Promise<void> {
    deliveries.recordWebhookDelivery(this.db, delivery);
  }

  async updateWebhookDelivery(id: string, attempt: WebhookAttempt): Promise<void> {
    deliveries.updateWebhookDelivery(this.db, id, attempt);
  }

  async webhookDeliveries(operationId: string): Promise<WebhookDelivery[]> {
    return deliveries.webhookDeliveries(this.db, operationId);
  }

  // Another process's writes to the file leave no trace here to listen for.
  async listenEvents(): Promise<() => Promise<void>> {
    return async () => {};
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
