import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { DeploymentAccepted, errorResponses } from "../schemas";
import { openStack } from "./open-stack";
import { StackParams } from "./stack-params";

const RefreshBody = Type.Optional(Type.Object({}, { additionalProperties: false }));

/** POST /stacks/:stack/refresh: a journaled refresh under the stack's lock. */
export const refreshRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/stacks/:stack/refresh",
      {
        config: { scope: "deploy" },
        schema: {
          summary: "Refresh a stack's state from what really runs",
          tags: ["stacks"],
          params: StackParams,
          response: { 202: DeploymentAccepted, ...errorResponses(404, 409, 503) },
          body: RefreshBody,
        },
      },
      async (request, reply) => {
        const stack = await openStack(app, stacks, request, reply);
        return stack.start("refresh", { ...request.body }, stack.refresh);
      },
    );
  };
