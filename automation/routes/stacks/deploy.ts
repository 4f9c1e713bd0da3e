import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { currentLive } from "../../journal/current-live";
import { deploySettings } from "../../pipeline/deploy-input";
import { runDeploy } from "../../pipeline/deploy-pipeline";
import { conflict } from "../../plugins/http-error";
import type { StackOperations } from "../../operations/stack-operations";
import { openStack } from "./open-stack";
import { requireRedeployScope } from "./redeploy-scope";
import { releaseRefErrors } from "./release-ref-errors";
import { RefSchema } from "./ref-schema";
import { StackParams } from "./stack-params";
import { DeploymentAccepted, errorResponses } from "../schemas";

const DeployBody = Type.Object(
  {
    ref: Type.Optional(RefSchema),
    force: Type.Optional(
      Type.Boolean({
        description: "deploy every service even when nothing deployable changed",
        default: false,
      }),
    ),
    canary: Type.Optional(
      Type.Object(
        {
          weight: Type.Number({
            exclusiveMinimum: 0,
            exclusiveMaximum: 100,
            description: "percent of the api's traffic the new version gets during the bake",
          }),
          bakeSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
        },
        {
          additionalProperties: false,
          description: "release the api as a canary first: promoted if healthy, else rolled back",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const deployRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/stacks/:stack/deploy",
      {
        config: { scope: "deploy" },
        schema: {
          summary:
            "Release a commit (the release branch's tip, or `ref`) to a stack: its program, services and settings",
          tags: ["stacks"],
          params: StackParams,
          response: {
            202: DeploymentAccepted,
            ...errorResponses(404, 409, 503),
            ...releaseRefErrors({ rollbackScope: true }),
          },
          body: DeployBody,
        },
      },
      async (request, reply) => {
        const stack = await openStack(app, stacks, request, reply);
        const stackName = stack.name;
        const { source, journal, aws } = stacks.options;
        // Resolved first, so an unknown ref is a 404 naming it and a ref that may not be
        // released is refused, whatever else is missing, before anything of it is checked out.
        const resolved = await source.resolveRelease(request.body.ref);
        await requireRedeployScope(reply, request.principal, journal, stackName, resolved);
        const release = { ref: resolved.ref, commit: resolved.commit };
        // Refused before anything runs, naming what is missing and how to fix it.
        await stack.require("deploy");
        if (request.body.canary && !(await currentLive(journal, stackName))) {
          // The request is sound; the stack's state refuses it, as a 409 says.
          throw conflict(
            "canary_needs_release",
            `stack ${stackName} has no live release for a canary to share traffic with; deploy once without canary`,
          );
        }
        return stack.start("deploy", { ...request.body }, (context) =>
          runDeploy({
            operationId: context.operation.id,
            stackName,
            force: request.body.force ?? false,
            release,
            requestedBy: request.principal.name,
            canary: request.body.canary,
            ...deploySettings(stacks.options),
            journal,
            aws,
            source,
            openRelease: () =>
              stacks.openRelease(stackName, release.commit, context.signal, context.recorder),
            recorder: context.recorder,
            signal: context.signal,
            note: context.note,
            settle: stack.settle,
          }),
        );
      },
    );
  };
