import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { conflict, notFound } from "../../plugins/http-error";
import { DeploymentAccepted, errorResponses } from "../schemas";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { DeploymentParams } from "./get-deployment";

export const cancelDeploymentRoute =
  ({ journal, runningOperations }: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/deployments/:id/cancel",
      {
        config: { scope: "deploy" },
        schema: {
          summary: "Stop a running operation cleanly (the engine is signalled, not killed)",
          tags: ["deployments"],
          params: DeploymentParams,
          response: { 202: DeploymentAccepted, ...errorResponses(404, 409) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const operation = await journal.getOperation(id);
        if (!operation) throw notFound(`no deployment ${id}`);
        if (operation.status !== "running") {
          throw conflict(
            "not_running",
            `deployment ${id} has already ended as ${operation.status}`,
          );
        }
        if (!runningOperations.cancel(id, `cancelled by ${request.principal.name}`)) {
          throw conflict(
            "not_running_here",
            `deployment ${id} is not running in this server instance`,
          );
        }
        return reply.code(202).send({ deployment: operation });
      },
    );
  };
