import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { notFound } from "../../plugins/http-error";
import { errorResponses } from "../schemas";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";

export const DeploymentParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const getDeploymentRoute =
  ({ journal }: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/deployments/:id",
      {
        schema: {
          summary:
            "One operation: status, steps, timings, summary, affected services, versions, error",
          tags: ["deployments"],
          params: DeploymentParams,
          response: { 200: Type.Ref("Operation"), ...errorResponses(404) },
        },
      },
      async (request) => {
        const operation = await journal.getOperation(request.params.id);
        if (!operation) throw notFound(`no deployment ${request.params.id}`);
        return operation;
      },
    );
  };
