import { segment } from "../../client/api-client";
import {
  deploymentIdInput,
  describeOperation,
  operationSchema,
  type OperationView,
} from "../schemas";
import { defineTool } from "../tool-kit";

export const getDeploymentTool = defineTool({
  name: "get_deployment",
  scope: "read",
  title: "An operation's state",
  description:
    "The state of one operation (deploy, preview, rollback, refresh, reconcile) by its id: status (running until it " +
    "ends; then succeeded, failed, skipped, cancelled or interrupted), each step with its timings and details, the " +
    "affected services, the release tag a deploy created, whether a failed deploy was rolled back, and the error. " +
    "A preview's plan is in `summary` once it succeeded. Read-only: poll it every few seconds after deploy or rollback " +
    "until status is no longer running.",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: { deploymentId: deploymentIdInput },
  output: operationSchema,
  async run({ deploymentId }, api) {
    const operation = await api.get<OperationView>(`/deployments/${segment(deploymentId)}`);
    return { result: operation, summary: describeOperation(operation) };
  },
});
