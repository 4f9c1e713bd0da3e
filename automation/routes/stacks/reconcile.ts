import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { reconcileLive } from "../../reconcile/reconcile-live";
import { DeploymentAccepted, errorResponses } from "../schemas";
import { openStack } from "./open-stack";
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
        const stack = await openStack(app, stacks, request, reply);
        const { journal, aws } = stacks.options;
        return stack.start("reconcile", {}, (context) =>
          reconcileLive({
            journal,
            aws,
            stack: stack.name,
            operationId: context.operation.id,
            recorder: context.recorder,
            changePins: (changes) => stacks.changePins(stack.name, changes),
          }),
        );
      },
    );
  };
