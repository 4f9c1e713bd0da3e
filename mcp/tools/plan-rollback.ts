import { z } from "zod";
import { rollbackSummary } from "../../client/rollback-plan";
import { planRollback, planSchema } from "../rollback-plan";
import { resolveServices, servicesInput, stackInput } from "../schemas";
import { defineTool } from "../tool-kit";

/** What plan_rollback and rollback both take to name a rollback. */
export const rollbackInput = {
  stack: stackInput,
  services: servicesInput,
  to: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      "the release tag to go back to; by default the newest good release older than what runs",
    ),
};

export const planRollbackTool = defineTool({
  name: "plan_rollback",
  scope: "rollback",
  title: "Plan a rollback (dry run)",
  description:
    "The dry run of a rollback: per service, the pointer it runs now and the one it would move back to (release tags, " +
    "git hashes), the services already there, whether the target was rolled back before (then rollback needs " +
    "allowBad), program changes a pointer move leaves in place (infraChanges: undo them by deploying the target's " +
    "tag as ref) and migrations that stay applied. Moves nothing. Returns a planId: show the plan to the user, and " +
    "pass the planId with the same stack, services and to to `rollback`, which refuses it if live state has changed.",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: rollbackInput,
  output: z.object({
    stack: z.string(),
    services: z.array(z.string()),
    plan: planSchema,
    planId: z.string().describe("what rollback needs to carry out exactly this plan"),
    message: z.string().describe("the plan in words"),
  }),
  async run({ stack, services, to }, api) {
    const request = {
      stack,
      services: resolveServices(services),
      ...(to === undefined ? {} : { to }),
    };
    const shown = await planRollback(api, request);
    const words = rollbackSummary(shown.plan);
    const summary =
      shown.plan.changes.length === 0
        ? `${words} (plan ${shown.planId})`
        : `plan ${shown.planId}: ${words}. ${shown.message}`;
    return { result: { stack, services: request.services, ...shown }, summary };
  },
});
