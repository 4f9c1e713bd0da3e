import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { runEngineOperation } from "../../pipeline/engine-operation";
import { requireKnownStack } from "./known-stack";
import { replyToStart } from "./reply-to-start";
import { StackParams } from "./stack-params";
import { DeploymentAccepted, errorResponses } from "../schemas";

/** POST /stacks/:stack/<kind>: starts a journaled preview or refresh under the stack's lock. */
export const engineOperationRoute =
  (
    stacks: StackOperations,
    kind: "preview" | "refresh",
    summary: string,
  ): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      `/stacks/:stack/${kind}`,
      {
        config: { scope: "deploy" },
        schema: {
          summary,
          tags: ["stacks"],
          params: StackParams,
          response: { 202: DeploymentAccepted, ...errorResponses(400, 401, 403, 404, 409, 503) },
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        },
      },
      async (request, reply) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        const result = await stacks.start(
          stackName,
          kind,
          request.principal.name,
          { ...request.body },
          (context) =>
            runEngineOperation({
              kind,
              openStack: () => stacks.open(stackName),
              recorder: context.recorder,
              signal: context.signal,
            }),
        );
        return replyToStart(reply, result);
      },
    );
  };
