import { z } from "zod";
import { operationSchema, refInput, stackInput } from "../schemas";
import { defineTool } from "../tool-kit";
import { startOperation } from "./start-operation";

/** A service's rollout: weights of `what` rising to 100, each step holding for its pause. */
const rolloutSteps = (what: string) =>
  z.object({
    steps: z
      .array(
        z.object({
          weight: z.number().gt(0).max(100).describe(`percent of ${what}`),
          pause: z
            .string()
            .regex(/^(manual|[1-9]\d*[smh])$/)
            .optional()
            .describe('how long the step holds: "30s", "5m", "1h" or "manual"'),
        }),
      )
      .min(1)
      .describe("weights rising to a last step of 100"),
  });

export const deployTool = defineTool({
  name: "deploy",
  scope: "deploy",
  title: "Release a commit",
  description:
    "Releases a commit (the release branch's tip, or `ref`) to a stack: checks, database migrations when configured, " +
    "Pulumi up with traffic held, verification of each new build where no user reaches it, then traffic moves to it " +
    "and a new release tag is created. Only the services whose files changed are released; when nothing deployable " +
    "changed it ends `skipped` (force releases all). This releases to users once verification passes, and migrations " +
    "are not undone by a rollback: consider `preview` first. A failure after traffic moved rolls back on its own. " +
    "Returns at once with the operation (id, status running): follow it with get_deployment or deployment_events " +
    "until it ends. Refused with stack_busy while another operation runs on the stack.",
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  input: {
    stack: stackInput,
    ref: refInput,
    force: z
      .boolean()
      .optional()
      .describe("release every service even when nothing deployable changed"),
    canary: z
      .object({
        weight: z
          .number()
          .gt(0)
          .lt(100)
          .describe("percent of the api's traffic the new version gets"),
        bakeSeconds: z.number().int().min(1).max(3600).describe("how long the canary is watched"),
      })
      .optional()
      .describe("release the api as a canary first: promoted when healthy, else rolled back"),
    rollout: z
      .object({
        api: rolloutSteps("the api's traffic").optional(),
        mcp: rolloutSteps("mcp's traffic, whole percents").optional(),
        web: rolloutSteps("the web's viewers, by cohort").optional(),
      })
      .optional()
      .describe("move each service's traffic step by step, each step judged; see promote_rollout"),
    incident: z
      .object({ reason: z.string().min(1).max(500) })
      .optional()
      .describe("a hotfix while watched alarms fire (needs the rollback scope)"),
  },
  output: z.object({ deployment: operationSchema }),
  run: ({ stack, ...body }, api) => startOperation(api, stack, "deploy", body),
});
