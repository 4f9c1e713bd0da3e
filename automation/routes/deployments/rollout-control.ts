import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type, type Static, type TSchema } from "typebox";
import type { Scope } from "../../auth/scopes";
import { rolloutStepName, type RolloutCommandKind } from "../../domain/rollout-command";
import { conflict } from "../../plugins/http-error";
import { errorResponses, RolloutCommandAccepted } from "../schemas";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { DeploymentParams } from "./get-deployment";
import { runningDeployment } from "./running-deployment";

const reason = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 1000,
    description: "why, journaled with the command and shown with the rollout's events",
  }),
);
const ReasonBody = Type.Optional(Type.Object({ reason }, { additionalProperties: false }));
const PromoteBody = Type.Optional(
  Type.Object(
    {
      full: Type.Optional(
        Type.Boolean({ description: "true: straight to 100 % rather than the next step" }),
      ),
      reason,
    },
    { additionalProperties: false },
  ),
);

/** What any of the four may carry: the others' bodies are promote's without `full`. */
type RolloutCommandBody = Static<typeof PromoteBody>;

interface RolloutControl {
  kind: RolloutCommandKind;
  scope: Scope;
  summary: string;
  body: TSchema;
}

const controls: RolloutControl[] = [
  {
    kind: "pause",
    scope: "deploy",
    summary:
      "Hold a running rollout at its weight, without a time limit, until resumed, promoted or aborted",
    body: ReasonBody,
  },
  {
    kind: "resume",
    scope: "deploy",
    summary: "Let a paused rollout go on with its steps",
    body: ReasonBody,
  },
  {
    kind: "promote",
    scope: "deploy",
    summary: "Move a running rollout to its next step now, or straight to 100 % with `full`",
    body: PromoteBody,
  },
  {
    kind: "abort",
    scope: "rollback",
    summary:
      "Stop a running rollout: the weights go back to the stable version and the release is marked bad",
    body: ReasonBody,
  },
];

/**
 * POST /deployments/:id/{pause,resume,promote,abort}. The command is journaled and the
 * answer given at once: the rollout's executor, on whichever instance runs it, polls the
 * journal for commands and acts on them.
 */
export const rolloutControlRoutes =
  ({ journal }: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    for (const { kind, scope, summary, body } of controls) {
      app.post(
        `/deployments/:id/${kind}`,
        {
          config: { scope },
          // Every field is optional, so a request without a body asks with none of them.
          preValidation: async (request) => {
            request.body ??= {};
          },
          schema: {
            summary,
            description:
              "Journals the command with who asked and why, from any instance; the rollout acts on it within a quarter of a second. One taken as the rollout ends is not acted on, and the deployment's events say so. 409 `not_running` once the deployment has ended, `not_rolling_out` while no `rollout` step runs.",
            tags: ["deployments"],
            params: DeploymentParams,
            body,
            response: { 202: RolloutCommandAccepted, ...errorResponses(400, 403, 404, 409) },
          },
        },
        async (request, reply) => {
          const { id } = request.params;
          const operation = await runningDeployment(journal, id);
          const { full, reason } = request.body as NonNullable<RolloutCommandBody>;
          // The journal takes it only while the rollout step runs, so an accepted command
          // is read by the rollout, during it or as it ends.
          const command = await journal.requestRolloutCommand(id, {
            kind,
            by: request.principal.name,
            ...(full === undefined ? {} : { full }),
            ...(reason === undefined ? {} : { reason }),
          });
          if (!command) {
            // Read again: it may have ended, or moved on from its rollout, since.
            const now = await runningDeployment(journal, id);
            throw conflict(
              "not_rolling_out",
              `deployment ${id} has no rollout in progress: a ${kind} applies only while its "${rolloutStepName}" step runs`,
              {
                runningSteps: now.steps
                  .filter((step) => step.status === "running")
                  .map((step) => step.name),
              },
            );
          }
          return reply.code(202).send({ deployment: operation, command });
        },
      );
    }
  };
