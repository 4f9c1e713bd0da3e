import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { OperationEvent } from "../../journal/journal";
import { notFound } from "../../plugins/http-error";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";
import { DeploymentParams } from "./get-deployment";

const heartbeatMs = 15_000;

export const deploymentEventsRoute =
  ({
    journal,
    runningOperations,
    operationEvents,
  }: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/deployments/:id/events",
      {
        schema: {
          summary:
            "Server-Sent Events: every journaled event from the start (or after Last-Event-ID), then live ones",
          tags: ["deployments"],
          params: DeploymentParams,
          headers: Type.Object({
            "last-event-id": Type.Optional(Type.String({ pattern: "^\\d{1,10}$" })),
          }),
        },
      },
      (request, reply) => {
        const { id } = request.params;
        if (!journal.getOperation(id)) throw notFound(`no deployment ${id}`);
        const raw = reply.raw;
        reply.hijack();
        raw.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          connection: "keep-alive",
        });

        let lastSent = Number(request.headers["last-event-id"] ?? 0);
        const send = (event: OperationEvent) => {
          // Live and replayed events can overlap once; the sequence number settles it.
          if (event.seq <= lastSent) return;
          lastSent = event.seq;
          raw.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        };
        const heartbeat = setInterval(() => raw.write(": heartbeat\n\n"), heartbeatMs);
        let unsubscribe = () => {};
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          clearInterval(heartbeat);
          unsubscribe();
          raw.end();
        };
        // Subscribe before replaying, so nothing published in between is missed.
        unsubscribe = operationEvents.subscribe(id, send, end);
        raw.once("close", end);
        for (const event of journal.listEvents(id, lastSent)) send(event);
        // The journal marks the end before the end is published, so a finished operation
        // is seen here or its end arrives through the subscription. Only this instance
        // streams live events: one running elsewhere ends the stream after the replay.
        if (journal.getOperation(id)?.status !== "running" || !runningOperations.isRunning(id))
          end();
      },
    );
  };
