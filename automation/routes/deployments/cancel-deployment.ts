import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { allows } from "../../auth/scopes";
import { HttpError } from "../../plugins/http-error";
import { DeploymentAccepted, errorResponses } from "../schemas";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { DeploymentParams } from "./get-deployment";
import { runningDeployment } from "./running-deployment";

export const cancelDeploymentRoute =
  ({ journal, runningOperations }: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/deployments/:id/cancel",
      {
        config: { scope: "deploy" },
        schema: {
          summary:
            "Stop a running operation cleanly (the engine is signalled, not killed), whichever instance runs it",
          tags: ["deployments"],
          params: DeploymentParams,
          response: { 202: DeploymentAccepted, ...errorResponses(403, 404, 409) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const operation = await runningDeployment(journal, id);
        // Stopping a rollback leaves services part way: as much the rollback scope's as starting one.
        if (operation.kind === "rollback" && !allows(request.principal, "rollback")) {
          throw new HttpError(
            403,
            "forbidden",
            `token "${request.principal.name}" lacks the "rollback" scope, which cancelling a rollback needs`,
          );
        }
        const by = request.principal.name;
        // Recorded for whichever instance runs it: its lease keeper stops it within a third
        // of a lease. Here, at once.
        await journal.requestCancel(id, by);
        runningOperations.cancel(id, `cancelled by ${by}`);
        return reply.code(202).send({ deployment: operation });
      },
    );
  };
