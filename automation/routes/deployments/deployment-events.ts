import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { notFound } from "../../plugins/http-error";
import { errorResponses, StreamedEvent } from "../schemas";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { streamOperationEvents } from "./event-stream";
import { DeploymentParams } from "./get-deployment";

export const deploymentEventsRoute =
  (deps: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Open streams hold their connections; closing the server ends them instead of waiting.
    const open = new Set<() => void>();
    app.addHook("preClose", () => {
      for (const end of open) end();
    });

    app.get(
      "/deployments/:id/events",
      {
        schema: {
          summary:
            "Server-Sent Events: every journaled event from the start (or after Last-Event-ID), then live ones until the operation ends",
          tags: ["deployments"],
          params: DeploymentParams,
          headers: Type.Object({
            "last-event-id": Type.Optional(Type.String({ pattern: "^\\d{1,10}$" })),
          }),
          response: {
            200: {
              description:
                "One `id:` (the event's seq), `event:` (its type) and `data:` (the event as JSON) per event; `: heartbeat` comments every 15 s",
              content: { "text/event-stream": { schema: StreamedEvent } },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      (request, reply) => {
        const { id } = request.params;
        if (!deps.journal.getOperation(id)) throw notFound(`no deployment ${id}`);
        reply.hijack();
        reply.raw.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
          // Proxies such as nginx would otherwise buffer the stream.
          "x-accel-buffering": "no",
        });
        const afterSeq = Number(request.headers["last-event-id"] ?? 0);
        const end = streamOperationEvents(reply.raw, deps, id, afterSeq, request.log);
        open.add(end);
        reply.raw.once("close", () => open.delete(end));
      },
    );
  };
