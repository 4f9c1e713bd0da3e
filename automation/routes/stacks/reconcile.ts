import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { reconcileLive } from "../../reconcile/reconcile-live";
import { DeploymentAccepted, errorResponses } from "../schemas";
import { requireKnownStack } from "./known-stack";
import { replyToStart } from "./reply-to-start";
import { StackParams } from "./stack-params";

export const reconcileRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/stacks/:stack/reconcile",
      {
        config: { scope: "rollback" },
        schema: {
          summary:
            "Read what AWS runs (alias and its weights, task definition, web release), record where the journal differed, and correct it",
          tags: ["stacks"],
          params: StackParams,
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
          response: { 202: DeploymentAccepted, ...errorResponses(404, 409, 503) },
        },
      },
      async (request, reply) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        // Refused before anything runs, naming what is missing and how to fix it.
        await app.doctor.require("reconcile");
        const { journal, aws } = stacks.options;
        const result = await stacks.start(
          stackName,
          "reconcile",
          request.principal.name,
          {},
          (context) =>
            reconcileLive({
              journal,
              aws,
              stack: stackName,
              operationId: context.operation.id,
              recorder: context.recorder,
              changePins: (changes) => stacks.changePins(stackName, changes),
            }),
        );
        return replyToStart(reply, result);
      },
    );
  };
