import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { currentLive } from "../../journal/current-live";
import { deploySettings } from "../../pipeline/deploy-input";
import { runDeploy } from "../../pipeline/deploy-pipeline";
import type { StackOperations } from "../../operations/stack-operations";
import { DeployRolloutFields, deployRollout } from "./deploy-rollout";
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
    ...DeployRolloutFields,
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
        // The body checked first: a rollout that cannot run is a 400 whatever else is wrong.
        const rollout = deployRollout(request.body, {
          principal: request.principal,
          reply,
          stackName,
          hasLive: (await currentLive(journal, stackName)) !== undefined,
        });
        // Resolved next, so an unknown ref is a 404 naming it and a ref that may not be
        // released is refused, whatever else is missing, before anything of it is checked out.
        const resolved = await source.resolveRelease(request.body.ref);
        await requireRedeployScope(reply, request.principal, journal, stackName, resolved);
        const release = { ref: resolved.ref, commit: resolved.commit };
        // Refused before anything runs, naming what is missing and how to fix it.
        await stack.require("deploy");
        return stack.start("deploy", { ...request.body }, (context) =>
          runDeploy({
            operationId: context.operation.id,
            stackName,
            force: request.body.force ?? false,
            release,
            requestedBy: request.principal.name,
            ...rollout,
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
