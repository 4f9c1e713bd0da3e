import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { notFound } from "../../plugins/http-error";
import { errorResponses, StreamedEvent } from "../schemas";
import type { SharedDeploymentDeps } from "./deployment-routes-deps";
import { streamOperationEvents } from "./event-stream";
import { finalEventSeq } from "./final-event";
import { DeploymentParams } from "./get-deployment";
import { StreamSlots, streamRetryAfterSeconds } from "./stream-slots";

export const deploymentEventsRoute =
  (deps: SharedDeploymentDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Open streams hold their connections; closing the server ends them instead of waiting.
    const open = new Set<() => void>();
    app.addHook("preClose", () => {
      for (const end of open) end();
    });
    const slots = new StreamSlots(deps.streams);

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
            204: Type.Null({
              description:
                "The operation has finished and Last-Event-ID is at or past its last event: nothing more will come, and an EventSource stops reconnecting",
            }),
            ...errorResponses(404, 429),
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const operation = await deps.journal.getOperation(id);
        if (!operation) throw notFound(`no deployment ${id}`);
        const afterSeq = Number(request.headers["last-event-id"] ?? 0);
        const final = finalEventSeq(operation, await deps.journal.latestEvent(id));
        if (final !== undefined && afterSeq >= final) return reply.code(204).send(null);
        let release: () => void;
        try {
          release = slots.take(request.principal.name);
        } catch (error) {
          reply.header("retry-after", String(streamRetryAfterSeconds));
          throw error;
        }
        // Whatever ends the stream (its end, the client leaving, a failed write) closes it.
        reply.raw.once("close", release);
        reply.hijack();
        reply.raw.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
          // Proxies such as nginx would otherwise buffer the stream.
          "x-accel-buffering": "no",
        });
        // Now, not with the first event: a client resuming at the last event would wait for it.
        reply.raw.flushHeaders();
        const end = streamOperationEvents(reply.raw, deps, id, afterSeq, request.log);
        open.add(end);
        reply.raw.once("close", () => open.delete(end));
      },
    );
  };
