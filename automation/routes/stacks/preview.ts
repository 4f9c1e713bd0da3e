import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { runPreview } from "../../pipeline/preview-deploy";
import { DeploymentAccepted, errorResponses } from "../schemas";
import { openStack } from "./open-stack";
import { releaseRefErrors } from "./release-ref-errors";
import { RefSchema } from "./ref-schema";
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
        const stack = await openStack(app, stacks, request, reply);
        const { source, journal, pathMap } = stacks.options;
        // Before the prerequisites, as a deploy: a ref that may not be released is refused whatever else is missing.
        const release = await source.resolve(request.body?.ref);
        return stack.start("preview", { ...request.body }, (context) =>
          runPreview({
            stackName: stack.name,
            release,
            force: request.body?.force ?? false,
            source,
            journal,
            pathMap,
            openRelease: () =>
              stacks.openRelease(stack.name, release.commit, context.signal, context.recorder),
            recorder: context.recorder,
            signal: context.signal,
            note: context.note,
          }),
        );
      },
    );
  };
