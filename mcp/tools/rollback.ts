import { z } from "zod";
import { segment } from "../../client/api-client";
import { planRollback, planSchema } from "../rollback-plan";
import {
  describeOperation,
  operationSchema,
  resolveServices,
  type OperationView,
} from "../schemas";
import { defineTool, ToolRefusal } from "../tool-kit";
import { rollbackInput } from "./plan-rollback";

type Confirmed = { deployment: OperationView } | { noop: true; message: string };

export const rollbackTool = defineTool({
  name: "rollback",
  scope: "rollback",
  title: "Roll back (moves live traffic)",
  description:
    "Carries out a rollback that plan_rollback showed: moves the services' live pointers (api alias, mcp task " +
    "definition, web origin) back to the target release, pins them so the next deploy keeps them, and verifies " +
    "health. This moves live traffic at once and marks the release rolled away from as bad; do it only after the " +
    "user has seen and approved the plan. Needs the planId from plan_rollback and the same stack, services and to; " +
    "if live state changed since (a deploy, another rollback), it is refused with code stale_plan and the new plan " +
    "and planId in details, to show again. Returns at once with the operation: follow it with get_deployment " +
    "until it ends, then check with status.",
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  input: {
    ...rollbackInput,
    planId: z.string().min(1).describe("the planId plan_rollback returned for this rollback"),
    allowBad: z
      .boolean()
      .optional()
      .describe("needed when the plan's target was rolled back before"),
  },
  output: z.object({
    deployment: operationSchema.optional().describe("the rollback operation, when pointers move"),
    noop: z.boolean().optional().describe("true when every service already ran the target"),
    message: z.string().optional(),
    plan: planSchema,
    planId: z.string(),
  }),
  async run({ stack, services, to, planId, allowBad }, api) {
    const request = {
      stack,
      services: resolveServices(services),
      ...(to === undefined ? {} : { to }),
    };
    // Planned again now: only the plan the agent was shown may be confirmed.
    const current = await planRollback(api, request);
    if (current.planId !== planId) {
      throw new ToolRefusal(
        "stale_plan",
        `plan ${planId} is not the current plan for this rollback: live state changed since it was made, or it was ` +
          `made for other services or target. The current plan is ${current.planId}: ${current.message}. Show it ` +
          `to the user, then call rollback with planId ${current.planId}.`,
        { planId: current.planId, plan: current.plan },
      );
    }
    const { body } = await api.post<Confirmed>(`/stacks/${segment(stack)}/rollback`, {
      services: request.services,
      // The target shown, named explicitly: what the default would pick cannot drift from it.
      to: current.plan.to,
      confirm: true,
      ...(allowBad === undefined ? {} : { allowBad }),
    });
    const shown = { plan: current.plan, planId };
    if ("noop" in body) return { result: { ...body, ...shown }, summary: body.message };
    return { result: { ...body, ...shown }, summary: describeOperation(body.deployment) };
  },
});
