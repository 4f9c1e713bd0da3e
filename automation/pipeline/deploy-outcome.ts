import type { OperationPatch, OperationStatus } from "../journal/journal";

/** How a deploy ends, as journaled on its operation. */
export type DeployOutcome = OperationPatch & { status: OperationStatus };
