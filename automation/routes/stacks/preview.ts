import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { runPreview } from "../../pipeline/preview-deploy";
import { DeploymentAccepted, errorResponses } from "../schemas";
import { requireKnownStack } from "./known-stack";
import { releaseRefErrors } from "./release-ref-errors";
import { RefSchema } from "./ref-schema";
import { replyToStart } from "./reply-to-start";
import { StackParams } from "./stack-params";

const PreviewBody = Type.Optional(
  Type.Object(
    {
      ref: Type.Optional(RefSchema),
      force: Type.Optional(
        Type.Boolean({
          description: "preview every service, as a forced deploy would",
          default: false,
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

/** POST /stacks/:stack/preview: what a deploy of `ref` would do, without doing it. */
export const previewRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/stacks/:stack/preview",
      {
        config: { scope: "deploy" },
        schema: {
          summary:
            "A deploy's dry run: which services a deploy of `ref` would change, and the engine's plan for them",
          tags: ["stacks"],
          params: StackParams,
          response: {
            202: DeploymentAccepted,
            ...errorResponses(404, 409, 503),
            ...releaseRefErrors({ rollbackScope: false }),
          },
          body: PreviewBody,
        },
      },
      async (request, reply) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        // Before the prerequisites, as a deploy: a ref that may not be released is refused whatever else is missing.
        const release = await stacks.options.source.resolve(request.body?.ref);
        // Refused before anything runs, naming what is missing and how to fix it.
        await app.doctor.require("preview");
        const result = await stacks.start(
          stackName,
          "preview",
          request.principal.name,
          { ...request.body },
          (context) =>
            runPreview({
              ...stacks.options,
              stackName,
              release,
              force: request.body?.force ?? false,
              openRelease: () =>
                stacks.openRelease(stackName, release.commit, context.signal, context.recorder),
              recorder: context.recorder,
              signal: context.signal,
              note: context.note,
            }),
        );
        return replyToStart(reply, result);
      },
    );
  };
