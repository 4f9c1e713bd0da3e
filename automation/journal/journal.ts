import type { LiveCheck, LiveService, LiveState } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import type { NewRolloutCommand, RolloutCommand } from "../domain/rollout-command";
import type { ServiceName } from "../domain/services";

export type OperationKind =
  "deploy" | "preview" | "refresh" | "rollback" | "invalidate" | "reconcile";

export type OperationStatus =
  "running" | "succeeded" | "skipped" | "failed" | "cancelled" | "interrupted";

export type StepStatus = "running" | "succeeded" | "failed" | "skipped" | "cancelled";

export interface StepRecord {
  name: string;
  status: StepStatus;
  startedAt: string;
  finishedAt?: string;
  /** Short, secret-free facts about the step's outcome, shown to users. */
  detail?: Record<string, unknown>;
}

export interface OperationError {
  code: string;
  message: string;
}

export interface Operation {
  id: string;
  stack: string;
  kind: OperationKind;
  status: OperationStatus;
  /** Name of the token that asked; never the token itself. */
  requestedBy: string;
  /** The validated request body, as given. */
  request: Record<string, unknown>;
  createdAt: string;
  finishedAt?: string;
  steps: StepRecord[];
  commit?: string;
  affectedServices: ServiceName[];
  /** Engine summary: resource change counts and result. */
  summary?: Record<string, unknown>;
  /** Live pointers after the operation, per service. */
  versions?: Partial<Record<ServiceName, string>>;
  releaseTag?: number;
  /** True when a failed deploy moved the affected services back to the previous release. */
  rolledBack: boolean;
  error?: OperationError;
}

export interface OperationEvent {
  operationId: string;
  /** 1, 2, 3… per operation, in the order they happened. */
  seq: number;
  at: string;
  /** "step" for step transitions, "engine" for Pulumi engine events, "status" for the final state. */
  type: "step" | "engine" | "status" | "log";
  data: Record<string, unknown>;
}

/** An event to journal: the journal gives it its operation, seq and time. */
export type NewEvent = Pick<OperationEvent, "type" | "data">;

export interface NewOperation {
  stack: string;
  kind: OperationKind;
  requestedBy: string;
  request: Record<string, unknown>;
}

export type OperationPatch = Partial<
  Pick<
    Operation,
    | "status"
    | "finishedAt"
    | "commit"
    | "affectedServices"
    | "summary"
    | "versions"
    | "releaseTag"
    | "rolledBack"
    | "error"
  >
>;

export interface OperationFilter {
  stack?: string;
  status?: OperationStatus;
  kind?: OperationKind;
  /** Page size, 1–100. */
  limit: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

export interface OperationPage {
  items: Operation[];
  nextCursor?: string;
}

export interface LockHolder {
  stack: string;
  operationId: string;
  kind: OperationKind;
  requestedBy: string;
  since: string;
}

/**
 * A pointer move, journaled before the AWS call that makes it: `open` until the call's
 * outcome is known, then `moved` or `not_moved`.
 */
export interface PointerIntent {
  id: number;
  operationId: string;
  stack: string;
  service: ServiceName;
  from: string;
  /** Empty when the call decides it: an `up` publishes a build of its own. */
  to: string;
  /** What the service runs once moved. */
  target: LiveService;
  state: "open" | "moved" | "not_moved";
}

export type NewPointerIntent = Omit<PointerIntent, "id" | "state">;

/** Why a release is never a default rollback target again. */
export interface BadMark {
  at: string;
  by: string;
  reason: string;
  operationId: string;
}

export interface BadRelease extends BadMark {
  stack: string;
  tag: number;
  service: ServiceName;
}

/** How a pointer move ended; when it moved, what the service runs now. */
export type PointerOutcome =
  | { moved: false }
  | {
      moved: true;
      live: LiveService;
      /** The release the service moved away from, when a rollback makes it a bad one. */
      bad?: Omit<BadRelease, "stack" | "service">;
    };

/** A CloudFront invalidation asked through the server; its status is CloudFront's to tell. */
export interface InvalidationRecord {
  stack: string;
  id: string;
  idempotencyKey: string;
  distributionId: string;
  paths: string[];
  requestedBy: string;
  createdAt: string;
}

/** A stack's outputs as its last engine run left them, secret values masked. */
export interface RecordedOutputs {
  outputs: Record<string, unknown>;
  recordedAt: string;
}

/**
 * A signed webhook notification of one event to one webhook: queued `pending`, then
 * `delivered` (the receiver answered 2xx) or `failed` (attempts spent, an answer not worth
 * repeating, or the server shut down first).
 */
export interface WebhookDelivery {
  /** Sent as X-Flightdeck-Delivery: the same on every attempt, so receivers can drop repeats. */
  id: string;
  operationId: string;
  event: string;
  /** The webhook's name. */
  webhook: string;
  /** The origin of its URL; never the path or query, which may be a credential. */
  target: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  /** The HTTP status of the last answer, when there was one. */
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export type NewWebhookDelivery = Pick<
  WebhookDelivery,
  "id" | "operationId" | "event" | "webhook" | "target"
>;

/** Where a delivery stands after an attempt. */
export type WebhookAttempt = Pick<
  WebhookDelivery,
  "state" | "attempts" | "lastStatus" | "lastError"
>;

/**
 * Everything flightdeck must never lose: SQLite in one file by default, PostgreSQL for
 * several server instances. Asynchronous because a network database answers later; an
 * implementation keeps each method one transaction, so no caller sees half a change.
 */
export interface Journal {
  /** This instance, as the owner of the operations it begins. */
  readonly instanceId: string;
  /** Creates the operation and takes the stack's lock in one transaction, or returns the holder. */
  beginOperation(input: NewOperation): Promise<{ operation: Operation } | { heldBy: LockHolder }>;
  /** Records an operation that needs no lock (reads, dry runs). */
  recordOperation(input: NewOperation): Promise<Operation>;
  updateOperation(id: string, patch: OperationPatch): Promise<Operation>;
  /**
   * Sets the final status and releases the stack's lock if this operation holds it. An
   * operation another instance has settled meanwhile (it recovered it) is left as it is.
   */
  finishOperation(
    id: string,
    patch: OperationPatch & { status: OperationStatus },
  ): Promise<Operation>;
  startStep(id: string, name: string): Promise<void>;
  finishStep(
    id: string,
    name: string,
    status: StepStatus,
    detail?: Record<string, unknown>,
  ): Promise<void>;
  /**
   * Journals an event under the operation's next seq. Past the journal's bound on engine
   * events per operation, the oldest engine events are folded into one engine event of
   * kind `summarized` (counts, seq range) at the seq of the newest folded one; step,
   * status and log events are never folded, and no seq is ever reused.
   */
  appendEvent(
    id: string,
    type: OperationEvent["type"],
    data: Record<string, unknown>,
  ): Promise<OperationEvent>;
  /**
   * Journals events in one transaction, under consecutive seqs in the order given, as
   * `appendEvent` journals one: all of them or, if the journal refuses, none.
   */
  appendEvents(id: string, events: readonly NewEvent[]): Promise<OperationEvent[]>;
  /** The events after `afterSeq`, in seq order: at most `limit` of them, or all. */
  listEvents(id: string, afterSeq?: number, limit?: number): Promise<OperationEvent[]>;
  /** The operation's newest event, if it has any. */
  latestEvent(id: string): Promise<OperationEvent | undefined>;
  getOperation(id: string): Promise<Operation | undefined>;
  listOperations(filter: OperationFilter): Promise<OperationPage>;
  lockHolder(stack: string): Promise<LockHolder | undefined>;
  /**
   * Renews the leases of `running`, the operations this instance runs here (an operation
   * it owns but no longer runs is not renewed: it lapses and is recovered); answers
   * those of them it no longer owns: another instance took them over.
   */
  heartbeat(running: string[]): Promise<string[]>;
  /**
   * Takes over running operations whose owner is gone: its lease is older than
   * `leaseMs` (this instance's own too), or its process is known dead on this host
   * (instance-owner.ts). They stay running (and keep
   * their locks) under this instance until settled with `settleInterrupted`.
   */
  claimExpired(leaseMs: number): Promise<Operation[]>;
  /**
   * Records that `by` asked to cancel a running operation, for the instance that runs
   * it; the first request stands. Answers whether the operation was running.
   */
  requestCancel(id: string, by: string): Promise<boolean>;
  /** Those of `running` (operations this instance runs) whose cancel was asked, and by whom. */
  cancelRequests(running: string[]): Promise<Array<{ id: string; by: string }>>;
  /**
   * Journals a command for the rollout an operation runs, under the operation's next
   * command seq, from any instance; the rollout's executor acts on it. Only while the
   * operation's `rollout` step runs, checked in the same write, so no command lands after
   * the executor's last read (journaled-rollout.ts): undefined when none runs. Rejects
   * with a RangeError for an unknown operation.
   */
  requestRolloutCommand(
    operationId: string,
    command: NewRolloutCommand,
  ): Promise<RolloutCommand | undefined>;
  /** Commands of the operation with seq > afterSeq, oldest first. */
  rolloutCommands(operationId: string, afterSeq: number): Promise<RolloutCommand[]>;
  /**
   * Ends a claimed operation as interrupted: running steps cancelled, a final `status`
   * event appended, its lock freed.
   */
  settleInterrupted(id: string): Promise<Operation | undefined>;
  openPointerMove(intent: NewPointerIntent): Promise<number>;
  /** Settles a move; a moved service's live state changes in the same transaction. */
  settlePointerMove(id: number, outcome: PointerOutcome): Promise<void>;
  /** An operation's pointer moves, in the order they were opened. */
  pointerMoves(operationId: string): Promise<PointerIntent[]>;
  badReleases(stack: string): Promise<BadRelease[]>;
  /** Records a release and, in the same transaction, what is live after it. */
  saveRelease(manifest: ReleaseManifest, live?: LiveState): Promise<void>;
  getRelease(stack: string, tag: number): Promise<ReleaseManifest | undefined>;
  latestRelease(stack: string): Promise<ReleaseManifest | undefined>;
  listReleases(stack: string): Promise<ReleaseManifest[]>;
  liveState(stack: string): Promise<LiveState | undefined>;
  saveLiveState(state: LiveState): Promise<void>;
  /** Records a read-back of live state from AWS, with what the journal had wrong. */
  saveLiveCheck(stack: string, check: LiveCheck, corrected: LiveState["services"]): Promise<void>;
  saveInvalidation(record: InvalidationRecord): Promise<void>;
  recordOutputs(stack: string, outputs: Record<string, unknown>): Promise<void>;
  recordedOutputs(stack: string): Promise<RecordedOutputs | undefined>;
  findInvalidation(
    stack: string,
    by: { idempotencyKey: string } | { id: string },
  ): Promise<InvalidationRecord | undefined>;
  /** Records a delivery as `pending`, before its first attempt. */
  recordWebhookDelivery(delivery: NewWebhookDelivery): Promise<void>;
  updateWebhookDelivery(id: string, attempt: WebhookAttempt): Promise<void>;
  /** An operation's webhook deliveries, in the order they were queued. */
  webhookDeliveries(operationId: string): Promise<WebhookDelivery[]>;
  /**
   * Calls `listener` with the operation and seq of each event other instances journal
   * from now on, as they commit; resolves once listening, with the function that stops.
   * Only a journal that can tell does (PostgreSQL); SQLite's never calls it, and
   * followers of another process's operation read its file again from time to time.
   */
  listenEvents(listener: (operationId: string, seq: number) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
