import type { Journal } from "../../journal/journal";
import type { OperationEvents } from "../../operations/operation-events";
import type { RunningOperations } from "../../operations/running-operations";
import type { JournalFollowers } from "./journal-followers";
import type { StreamLimits } from "./stream-slots";

export interface DeploymentRoutesDeps {
  journal: Journal;
  runningOperations: RunningOperations;
  operationEvents: OperationEvents;
  /** Caps on the event streams open at once. */
  streams: StreamLimits;
}

/** What the routes share between them, built once with them. */
export interface SharedDeploymentDeps extends DeploymentRoutesDeps {
  followers: JournalFollowers;
}
