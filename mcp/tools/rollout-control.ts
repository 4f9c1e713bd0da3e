import { z } from "zod";
import type { Scope } from "../../automation/auth/scopes";
import { requestRolloutCommand } from "../../client/rollout-control";
import type { RolloutCommandKind } from "../../client/types";
import { deploymentIdInput, operationSchema } from "../schemas";
import { defineTool, type FlightdeckTool } from "../tool-kit";

const output = z.object({
  deployment: operationSchema,
  command: z.looseObject({
    operationId: z.string(),
    seq: z.number().int().describe("1, 2, 3… per operation, in the order asked"),
    kind: z.enum(["pause", "resume", "promote", "abort"]),
    full: z.boolean(),
    by: z.string().describe("the token's name that asked"),
    reason: z.string().optional(),
    at: z.string(),
  }),
});

const reasonInput = z
  .string()
  .min(1)
  .max(1000)
  .optional()
  .describe("why, journaled with the command and shown with the rollout's events");

const shared =
  "Applies only while the deploy's `rollout` step runs (otherwise refused: not_rolling_out, or not_running once " +
  "it ended). The command is journaled with who asked and why and the rollout acts on it within a quarter of a " +
  "second, whichever server instance runs it; watch it with deployment_events (rollout events: step, weight, state, " +
  "judgement).";

interface RolloutToolSpec {
  kind: RolloutCommandKind;
  scope: Scope;
  title: string;
  description: string;
  destructive: boolean;
}

const specs: RolloutToolSpec[] = [
  {
    kind: "pause",
    scope: "deploy",
    title: "Pause a rollout",
    description:
      "Holds a running rollout at its current weight, without a time limit, until resume, promote or abort; the " +
      "stack stays locked meanwhile. Use it to look closer before more traffic moves.",
    destructive: false,
  },
  {
    kind: "resume",
    scope: "deploy",
    title: "Resume a paused rollout",
    description: "Lets a paused rollout go on with its steps and their analysis.",
    destructive: false,
  },
  {
    kind: "promote",
    scope: "deploy",
    title: "Promote a rollout",
    description:
      "Moves a running rollout to its next step now, skipping the rest of the current pause, or with full: true " +
      "straight to 100 % of the traffic on the new version.",
    destructive: false,
  },
  {
    kind: "abort",
    scope: "rollback",
    title: "Abort a rollout",
    description:
      "Stops a running rollout: the traffic goes back to the stable version and the new release is marked bad with " +
      "the reason. Give a reason a person can act on.",
    destructive: true,
  },
];

const baseInput = { deploymentId: deploymentIdInput, reason: reasonInput };
const promoteInput = {
  ...baseInput,
  full: z.boolean().optional().describe("true: straight to 100 % rather than the next step"),
};
/** What any of the four is called with: the others' inputs are promote's without `full`. */
type RolloutArgs = z.infer<z.ZodObject<typeof promoteInput>>;

function rolloutTool({ kind, scope, title, description, destructive }: RolloutToolSpec) {
  return defineTool({
    name: `${kind}_rollout`,
    scope,
    title,
    description: `${description} ${shared}`,
    annotations: {
      readOnlyHint: false,
      destructiveHint: destructive,
      idempotentHint: false,
      openWorldHint: true,
    },
    input: kind === "promote" ? promoteInput : baseInput,
    output,
    async run(args, api) {
      const { deploymentId, reason, full } = args as RolloutArgs;
      const accepted = await requestRolloutCommand(api, deploymentId, kind, {
        ...(full === undefined ? {} : { full }),
        ...(reason === undefined ? {} : { reason }),
      });
      const { command } = accepted;
      return {
        result: accepted,
        summary: `${kind}${command.full ? " (full)" : ""} asked of the rollout of ${deploymentId} as command ${command.seq} by ${command.by}; follow it with deployment_events`,
      };
    },
  });
}

export const rolloutTools: FlightdeckTool[] = specs.map(rolloutTool);
