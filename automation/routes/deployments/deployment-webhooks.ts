import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { notFound } from "../../plugins/http-error";
import { errorResponses } from "../schemas";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { DeploymentParams } from "./get-deployment";

const WebhookDelivery = Type.Object({
  id: Type.String({ description: "sent as X-Flightdeck-Delivery, the same on every attempt" }),
  operationId: Type.String(),
  event: Type.String({ description: "e.g. deploy.succeeded, release.marked_bad" }),
  webhook: Type.String({ description: "the webhook's name (its URL's host unless named)" }),
  target: Type.String({ description: "the origin of the webhook's URL; never its path" }),
  state: Type.Union(["pending", "delivered", "failed"].map((s) => Type.Literal(s))),
  attempts: Type.Integer({ minimum: 0 }),
  lastStatus: Type.Optional(Type.Integer({ description: "the HTTP status of the last answer" })),
  lastError: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Type.Optional(Type.String()),
});

export const deploymentWebhooksRoute =
  ({ journal }: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/deployments/:id/webhooks",
      {
        schema: {
          summary:
            "The operation's signed webhook deliveries, in the order they were queued: state, attempts, last answer",
          tags: ["deployments"],
          params: DeploymentParams,
          response: {
            200: Type.Object({ items: Type.Array(WebhookDelivery) }),
            ...errorResponses(404),
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        if (!(await journal.getOperation(id))) throw notFound(`no deployment ${id}`);
        return { items: await journal.webhookDeliveries(id) };
      },
    );
  };
