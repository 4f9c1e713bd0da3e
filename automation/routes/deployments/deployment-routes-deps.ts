import type { Journal } from "../../journal/journal";
import type { OperationEvents } from "../../operations/operation-events";
import type { RunningOperations } from "../../operations/running-operations";

export interface DeploymentRoutesDeps {
  journal: Journal;
  runningOperations: RunningOperations;
  operationEvents: OperationEvents;
}
