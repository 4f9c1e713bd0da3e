import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { runRefresh } from "../../pipeline/refresh-stack";
import { DeploymentAccepted, errorResponses } from "../schemas";
import { requireKnownStack } from "./known-stack";
import { replyToStart } from "./reply-to-start";
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
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        // Refused before anything runs, naming what is missing and how to fix it.
        await app.doctor.require("refresh");
        const result = await stacks.start(
          stackName,
          "refresh",
          request.principal.name,
          { ...request.body },
          (context) =>
            runRefresh({
              openRelease: () =>
                stacks.openCurrentRelease(stackName, context.signal, context.recorder),
              recorder: context.recorder,
              signal: context.signal,
            }),
        );
        return replyToStart(reply, result);
      },
    );
  };
