import type { LiveState } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import type { ServiceName } from "../domain/services";

export type OperationKind = "deploy" | "preview" | "refresh" | "rollback" | "invalidate";

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

/**
 * Everything flightdeck must never lose. SQLite by default; the interface is what a
 * PostgreSQL implementation would have to provide for several server instances.
 */
export interface Journal {
  /** Creates the operation and takes the stack's lock in one transaction, or returns the holder. */
  beginOperation(input: NewOperation): { operation: Operation } | { heldBy: LockHolder };
  /** Records an operation that needs no lock (reads, dry runs). */
  recordOperation(input: NewOperation): Operation;
  updateOperation(id: string, patch: OperationPatch): Operation;
  /** Sets the final status and releases the stack's lock if this operation holds it. */
  finishOperation(id: string, patch: OperationPatch & { status: OperationStatus }): Operation;
  startStep(id: string, name: string): void;
  finishStep(id: string, name: string, status: StepStatus, detail?: Record<string, unknown>): void;
  appendEvent(
    id: string,
    type: OperationEvent["type"],
    data: Record<string, unknown>,
  ): OperationEvent;
  listEvents(id: string, afterSeq?: number): OperationEvent[];
  getOperation(id: string): Operation | undefined;
  listOperations(filter: OperationFilter): OperationPage;
  lockHolder(stack: string): LockHolder | undefined;
  /**
   * At start: marks operations left running as interrupted (running steps cancelled, a
   * final `status` event appended) and frees their locks.
   */
  recoverInterrupted(): Operation[];
  /** Records a release and, in the same transaction, what is live after it. */
  saveRelease(manifest: ReleaseManifest, live?: LiveState): void;
  getRelease(stack: string, tag: number): ReleaseManifest | undefined;
  latestRelease(stack: string): ReleaseManifest | undefined;
  listReleases(stack: string): ReleaseManifest[];
  liveState(stack: string): LiveState | undefined;
  saveLiveState(state: LiveState): void;
  saveInvalidation(record: InvalidationRecord): void;
  findInvalidation(
    stack: string,
    by: { idempotencyKey: string } | { id: string },
  ): InvalidationRecord | undefined;
  close(): void;
}
