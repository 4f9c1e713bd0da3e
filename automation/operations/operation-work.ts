import type { Operation, OperationKind, OperationPatch, OperationStatus } from "../journal/journal";
import type { StepRecorder } from "./step-recorder";

/** Who starts the operations that follow others on their own, as the journal names it. */
export const serverPrincipal = "flightdeck";

export interface OperationContext {
  operation: Operation;
  recorder: StepRecorder;
  signal: AbortSignal;
  /** Journals facts as they become known, so even a crash leaves them behind. */
  note: (patch: OperationPatch) => Promise<void>;
}

/**
 * An operation started on the same stack once the one before it has reported its end,
 * so that one's caller does not wait for it. It yields the stack to any operation asked
 * for meanwhile (supersede-follow-up.ts).
 */
export interface FollowUp {
  kind: OperationKind;
  /** Why it runs: journaled as its request, with the operation it follows. */
  reason: string;
  work: OperationWork;
}

/** How an operation ends, as journaled, and what follows it. */
export type OperationOutcome = OperationPatch & { status: OperationStatus; then?: FollowUp };

export type OperationWork = (context: OperationContext) => Promise<OperationOutcome>;
