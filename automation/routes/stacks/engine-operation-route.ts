import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { runEngineOperation } from "../../pipeline/engine-operation";
import { requireKnownStack } from "./known-stack";
import { RefSchema } from "./ref-schema";
import { replyToStart } from "./reply-to-start";
import { StackParams } from "./stack-params";
import { DeploymentAccepted, errorResponses } from "../schemas";

const PreviewBody = Type.Optional(
  Type.Object({ ref: Type.Optional(RefSchema) }, { additionalProperties: false }),
);
const RefreshBody = Type.Optional(Type.Object({}, { additionalProperties: false }));

/**
 * POST /stacks/:stack/<kind>: starts a journaled preview or refresh under the stack's
 * lock. A preview runs the program of the commit a deploy of `ref` would release; a
 * refresh runs the program the stack's state follows.
 */
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
          body: kind === "preview" ? PreviewBody : RefreshBody,
        },
      },
      async (request, reply) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        const ref = (request.body as { ref?: string } | undefined)?.ref;
        const commit =
          kind === "preview" ? (await stacks.options.source.resolve(ref)).commit : undefined;
        const result = await stacks.start(
          stackName,
          kind,
          request.principal.name,
          { ...request.body },
          (context) =>
            runEngineOperation({
              kind,
              openRelease: () =>
                commit
                  ? stacks.openRelease(stackName, commit, context.signal, context.recorder)
                  : stacks.openCurrentRelease(stackName, context.signal, context.recorder),
              recorder: context.recorder,
              signal: context.signal,
            }),
        );
        return replyToStart(reply, result);
      },
    );
  };
