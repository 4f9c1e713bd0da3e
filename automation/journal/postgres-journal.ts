import type { Pool, PoolClient } from "pg";
import type { LiveCheck, LiveState } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import type { NewRolloutCommand, RolloutCommand } from "../domain/rollout-command";
import { defaultEngineEventsPerOperation, EngineEventBound } from "./folded-engine-events";
import { Fences } from "./fences";
import { newInstanceId } from "./instance-owner";
import type {
  BadRelease,
  InvalidationRecord,
  Journal,
  LockHolder,
  NewOperation,
  NewPointerIntent,
  NewWebhookDelivery,
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
  WebhookAttempt,
  WebhookDelivery,
} from "./journal";
import { createPool, inTransaction } from "./postgres-db";
import * as events from "./postgres-events";
import * as invalidations from "./postgres-invalidations";
import * as leases from "./postgres-leases";
import { listenEvents, type EventListener, type ListenOptions } from "./postgres-listen";
import { migratePostgres } from "./postgres-migrate";
import * as operations from "./postgres-operations";
import * as liveTruth from "./postgres-live-truth";
import * as releases from "./postgres-releases";
import * as rolloutCommands from "./postgres-rollout-commands";
import * as locks from "./postgres-stack-locks";
import * as stackOutputs from "./postgres-stack-outputs";
import * as deliveries from "./postgres-webhook-deliveries";

export interface PostgresJournalOptions {
  /** Engine events an operation keeps before the oldest are folded into one. */
  engineEventsPerOperation?: number;
  /** Connections this instance keeps at most. */
  poolSize?: number;
}

/**
 * The journal in PostgreSQL, shared by every server instance that opens it: stack locks,
 * leases and event seqs hold across instances, and each committed event is announced
 * to all of them (see listenEvents).
 */
export class PostgresJournal implements Journal {
  private readonly engineEventBound: EngineEventBound;
  private readonly fences = new Fences();
  // Private fields, unlike private properties, never show when the journal is inspected
  // or logged: the URL, and the pool's options, hold the database password.
  readonly #pool: Pool;
  /**
   * Leases have connections of their own: a pool busy with requests and event streams
   * must never delay a heartbeat past the lease, or the instance loses live operations.
   */
  readonly #leasePool: Pool;
  readonly #url: string;
  readonly #listening = new Set<() => Promise<void>>();
  #closed: Promise<void> | undefined;

  private constructor(
    pool: Pool,
    leasePool: Pool,
    url: string,
    readonly instanceId: string,
    options: PostgresJournalOptions,
  ) {
    this.#pool = pool;
    this.#leasePool = leasePool;
    this.#url = url;
    this.engineEventBound = new EngineEventBound(
      options.engineEventsPerOperation ?? defaultEngineEventsPerOperation,
    );
  }

  /** Connects and brings the schema up to date (once, however many instances start together). */
  static async open(
    url: string,
    instanceId: string = newInstanceId(),
    options: PostgresJournalOptions = {},
  ): Promise<PostgresJournal> {
    const pool = createPool(url, options.poolSize ?? 10);
    const leasePool = createPool(url, 2, "flightdeck-leases");
    try {
      const journal = new PostgresJournal(pool, leasePool, url, instanceId, options);
      await migratePostgres(pool);
      return journal;
    } catch (error) {
      await Promise.all([pool.end(), leasePool.end()]);
      throw error;
    }
  }

  async beginOperation(
    input: NewOperation,
  ): Promise<{ operation: Operation } | { heldBy: LockHolder }> {
    const begun = await locks.beginOperation(this.#pool, this.instanceId, input);
    if ("operation" in begun) this.fences.hold(begun.operation.id, 0);
    return begun;
  }

  async recordOperation(input: NewOperation): Promise<Operation> {
    const operation = await operations.insertOperation(this.#pool, this.instanceId, input);
    this.fences.hold(operation.id, 0);
    return operation;
  }

  /**
   * Runs a write to an operation in one transaction with the check that it is still
   * ours; the row stays locked against a claim until the write commits.
   */
  private fenced<T>(id: string, write: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, async (client) => {
      if (this.fences.epoch(id) !== undefined)
        this.fences.check(this.instanceId, id, await leases.fenceRow(client, id));
      return write(client);
    });
  }

  updateOperation(id: string, patch: OperationPatch): Promise<Operation> {
    return this.fenced(id, (client) => operations.updateOperation(client, id, patch));
  }

  async finishOperation(
    id: string,
    patch: OperationPatch & { status: OperationStatus },
  ): Promise<Operation> {
    const epoch = this.fences.epoch(id);
    const finished = await locks.finishOperation(this.#pool, this.instanceId, id, patch, epoch);
    // Ended here or by whoever took it over: nobody claims it again.
    this.fences.release(id);
    return finished;
  }

  startStep(id: string, name: string): Promise<void> {
    return this.fenced(id, (client) => operations.startStep(client, id, name));
  }

  finishStep(
    id: string,
    name: string,
    status: StepStatus,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    return this.fenced(id, (client) => operations.finishStep(client, id, name, status, detail));
  }

  appendEvent(
    id: string,
    type: OperationEvent["type"],
    data: Record<string, unknown>,
  ): Promise<OperationEvent> {
    return this.fenced(id, (client) =>
      events.appendEvent(client, this.engineEventBound, id, type, data),
    );
  }

  appendEvents(id: string, list: readonly NewEvent[]): Promise<OperationEvent[]> {
    return this.fenced(id, async (client) => {
      const appended: OperationEvent[] = [];
      // In turn: each takes the operation's next seq from the row the one before updated.
      for (const { type, data } of list)
        appended.push(await events.appendEvent(client, this.engineEventBound, id, type, data));
      return appended;
    });
  }

  listEvents(id: string, afterSeq = 0, limit?: number): Promise<OperationEvent[]> {
    return events.listEvents(this.#pool, id, afterSeq, limit);
  }

  latestEvent(id: string): Promise<OperationEvent | undefined> {
    return events.latestEvent(this.#pool, id);
  }

  /**
   * Calls `listener` with the operation and seq of every event any instance commits to
   * this journal (this instance's too), as it commits; resolves once listening, with
   * the function that stops.
   */
  async listenEvents(
    listener: EventListener,
    options?: ListenOptions,
  ): Promise<() => Promise<void>> {
    const stop = await listenEvents(this.#url, listener, options);
    const stopOnce = async () => {
      this.#listening.delete(stopOnce);
      await stop();
    };
    this.#listening.add(stopOnce);
    return stopOnce;
  }

  getOperation(id: string): Promise<Operation | undefined> {
    return operations.getOperation(this.#pool, id);
  }

  listOperations(filter: OperationFilter): Promise<OperationPage> {
    return operations.listOperations(this.#pool, filter);
  }

  lockHolder(stack: string): Promise<LockHolder | undefined> {
    return locks.lockHolder(this.#pool, stack);
  }

  async heartbeat(running: string[]): Promise<string[]> {
    const owned = await leases.renewLeases(this.#leasePool, this.instanceId, running);
    return running.filter((id) => !owned.has(id));
  }

  async claimExpired(leaseMs: number): Promise<Operation[]> {
    const claimed = await leases.claimExpired(this.#leasePool, this.instanceId, leaseMs);
    for (const { id, epoch } of claimed) this.fences.hold(id, epoch);
    const found = await Promise.all(claimed.map(({ id }) => this.getOperation(id)));
    return found.filter((operation) => operation !== undefined);
  }

  requestCancel(id: string, by: string): Promise<boolean> {
    return leases.requestCancel(this.#pool, id, by);
  }

  cancelRequests(running: string[]): Promise<Array<{ id: string; by: string }>> {
    return leases.cancelRequests(this.#leasePool, this.instanceId, running);
  }
  requestRolloutCommand(
    operationId: string,
    command: NewRolloutCommand,
  ): Promise<RolloutCommand | undefined> {
    return rolloutCommands.requestRolloutCommand(this.#pool, operationId, command);
  }

  rolloutCommands(operationId: string, afterSeq: number): Promise<RolloutCommand[]> {
    return rolloutCommands.rolloutCommands(this.#pool, operationId, afterSeq);
  }

  settleInterrupted(id: string): Promise<Operation | undefined> {
    return inTransaction(this.#pool, async (client) => {
      const error = await leases.markInterrupted(
        client,
        this.instanceId,
        id,
        this.fences.epoch(id),
      );
      if (!error) return undefined;
      this.fences.release(id);
      // Its event stream ends like any other: with the final status.
      await events.appendEvent(client, this.engineEventBound, id, "status", {
        status: "interrupted",
        error,
      });
      return operations.getOperation(client, id);
    });
  }

  openPointerMove(intent: NewPointerIntent): Promise<number> {
    return this.fenced(intent.operationId, (client) => liveTruth.openPointerMove(client, intent));
  }

  async settlePointerMove(id: number, outcome: PointerOutcome): Promise<void> {
    const operationId = await liveTruth.pointerMoveOperation(this.#pool, id);
    if (operationId === undefined) throw new RangeError(`no pointer move ${id}`);
    await this.fenced(operationId, (client) => liveTruth.settlePointerMove(client, id, outcome));
  }

  pointerMoves(operationId: string): Promise<PointerIntent[]> {
    return liveTruth.pointerMoves(this.#pool, operationId);
  }

  badReleases(stack: string): Promise<BadRelease[]> {
    return liveTruth.badReleases(this.#pool, stack);
  }

  saveLiveCheck(stack: string, check: LiveCheck, corrected: LiveState["services"]): Promise<void> {
    return liveTruth.saveLiveCheck(this.#pool, stack, check, corrected);
  }

  saveRelease(manifest: ReleaseManifest, live?: LiveState): Promise<void> {
    return releases.saveRelease(this.#pool, manifest, live);
  }

  getRelease(stack: string, tag: number): Promise<ReleaseManifest | undefined> {
    return releases.getRelease(this.#pool, stack, tag);
  }

  latestRelease(stack: string): Promise<ReleaseManifest | undefined> {
    return releases.latestRelease(this.#pool, stack);
  }

  listReleases(stack: string): Promise<ReleaseManifest[]> {
    return releases.listReleases(this.#pool, stack);
  }

  liveState(stack: string): Promise<LiveState | undefined> {
    return liveTruth.readLive(this.#pool, stack);
  }

  saveLiveState(state: LiveState): Promise<void> {
    return liveTruth.saveLiveState(this.#pool, state);
  }

  saveInvalidation(record: InvalidationRecord): Promise<void> {
    return invalidations.saveInvalidation(this.#pool, record);
  }

  findInvalidation(
    stack: string,
    by: { idempotencyKey: string } | { id: string },
  ): Promise<InvalidationRecord | undefined> {
    return invalidations.findInvalidation(this.#pool, stack, by);
  }

  recordOutputs(stack: string, outputs: Record<string, unknown>): Promise<void> {
    return stackOutputs.recordOutputs(this.#pool, stack, outputs);
  }

  recordedOutputs(stack: string): Promise<RecordedOutputs | undefined> {
    return stackOutputs.recordedOutputs(this.#pool, stack);
  }

  recordWebhookDelivery(delivery: NewWebhookDelivery): Promise<void> {
    return deliveries.recordWebhookDelivery(this.#pool, delivery);
  }

  updateWebhookDelivery(id: string, attempt: WebhookAttempt): Promise<void> {
    return deliveries.updateWebhookDelivery(this.#pool, id, attempt);
  }

  webhookDeliveries(operationId: string): Promise<WebhookDelivery[]> {
    return deliveries.webhookDeliveries(this.#pool, operationId);
  }

  /** Stops the listeners still listening and closes the pool; a second call waits for the first. */
  close(): Promise<void> {
    this.#closed ??= Promise.all([...this.#listening].map((stop) => stop())).then(async () => {
      await Promise.all([this.#pool.end(), this.#leasePool.end()]);
    });
    return this.#closed;
  }
}
