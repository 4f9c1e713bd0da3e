import type { Journal } from "../../journal/journal";
import type { OperationEvents } from "../../operations/operation-events";
import type { RunningOperations } from "../../operations/running-operations";
import type { StreamLimits } from "./stream-slots";

export interface DeploymentRoutesDeps {
  journal: Journal;
  runningOperations: RunningOperations;
  operationEvents: OperationEvents;
  /** Caps on the event streams open at once. */
  streams: StreamLimits;
}
