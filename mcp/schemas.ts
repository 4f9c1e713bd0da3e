import { z } from "zod";
import { serviceNames } from "../automation/domain/services";

/** Input shapes several tools share, described for the agent that fills them in. */
export const stackInput = z
  .string()
  // The server's rule for stack names; anything else would be refused there anyway.
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a stack name: letters, digits, '.', '_', '-'")
  .describe("the stack, e.g. production");

export const deploymentIdInput = z
  .uuid()
  .describe("an operation id, as deploy, preview or rollback returned it");

export const refInput = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/, "a branch, tag or commit sha")
  .optional()
  .describe("a branch, release tag (e.g. 17) or commit sha; the release branch's tip by default");

export const servicesInput = z
  .union([z.literal("all"), z.array(z.enum(serviceNames)).min(1)])
  .optional()
  .describe('the services to roll back: "all" (the default) or a list of api, web, mcp');

/** The services a request names, in the server's order so the same set always plans alike. */
export const resolveServices = (services: z.infer<typeof servicesInput>) =>
  serviceNames.filter(
    (name) => services === undefined || services === "all" || services.includes(name),
  );

/** An operation as `GET /deployments/:id` answers it; fields the server adds pass through. */
export const operationSchema = z.looseObject({
  id: z.string(),
  stack: z.string(),
  kind: z.string(),
  status: z.string().describe("running, succeeded, failed, skipped, cancelled or interrupted"),
  requestedBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  steps: z.array(
    z.looseObject({
      name: z.string(),
      status: z.string(),
      startedAt: z.string(),
      finishedAt: z.string().optional(),
    }),
  ),
  affectedServices: z.array(z.string()),
  releaseTag: z.number().int().optional(),
  rolledBack: z.boolean(),
  error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
});
export type OperationView = z.infer<typeof operationSchema>;

/** One line an agent can read before the details: what ran, where, and how it stands. */
export function describeOperation(operation: OperationView): string {
  const steps = operation.steps.map((step) => `${step.name} ${step.status}`).join(", ");
  const release = operation.releaseTag === undefined ? "" : `, release ${operation.releaseTag}`;
  const rolledBack = operation.rolledBack ? ", rolled back" : "";
  const error = operation.error ? ` (${operation.error.code}: ${operation.error.message})` : "";
  const next =
    operation.status === "running"
      ? "; poll get_deployment or deployment_events until it ends"
      : "";
  return `${operation.kind} ${operation.id} on ${operation.stack}: ${operation.status}${release}${rolledBack}${error}; steps: ${steps || "none yet"}${next}`;
}
