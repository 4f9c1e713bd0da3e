import type { FlightdeckTool } from "../tool-kit";
import { deployTool } from "./deploy";
import { deploymentEventsTool } from "./deployment-events";
import { getDeploymentTool } from "./get-deployment";
import { historyTool } from "./history";
import { invalidateTool } from "./invalidate";
import { planRollbackTool } from "./plan-rollback";
import { previewTool } from "./preview";
import { rollbackTool } from "./rollback";
import { rolloutTools } from "./rollout-control";
import { statusTool } from "./status";

/** Every tool, reads first; the server lists those the token's scopes allow. */
export const flightdeckTools: FlightdeckTool[] = [
  statusTool,
  historyTool,
  getDeploymentTool,
  deploymentEventsTool,
  previewTool,
  deployTool,
  invalidateTool,
  planRollbackTool,
  rollbackTool,
  ...rolloutTools,
];
