import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { OperationPage } from "../../journal/journal";
import { cursorPattern } from "../../journal/list-query";
import { badRequest } from "../../plugins/http-error";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";

const Query = Type.Object(
  {
    stack: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(
      Type.Union(
        ["running", "succeeded", "skipped", "failed", "cancelled", "interrupted"].map((s) =>
          Type.Literal(s),
        ),
      ),
    ),
    kind: Type.Optional(
      Type.Union(
        ["deploy", "preview", "refresh", "rollback", "invalidate"].map((k) => Type.Literal(k)),
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(
      Type.String({
        pattern: cursorPattern,
        maxLength: 100,
        description: "a page's `nextCursor`: the next page starts after it",
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * The bytes each page was answered with, by page: a journal that answers a page asked
 * again with the same object (the SQLite journal, until something is written) has it
 * serialized once, which costs more than reading the page. The entry goes with the page.
 */
const answered = new WeakMap<OperationPage, Buffer>();

export const listDeploymentsRoute =
  ({ journal }: DeploymentRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/deployments",
      {
        schema: {
          summary: "Journaled operations, newest first",
          tags: ["deployments"],
          querystring: Query,
          response: {
            200: Type.Object({
              items: Type.Array(Type.Ref("Operation")),
              nextCursor: Type.Optional(Type.String()),
            }),
          },
        },
      },
      async (request, reply) => {
        // Ajv fills in the default; the type cannot know that.
        const { stack, status, kind, limit = 20, cursor } = request.query;
        let page: OperationPage;
        try {
          // Awaited here, so that a bad cursor's rejection is caught below.
          page = await journal.listOperations({ stack, status, kind, limit, cursor });
        } catch (error) {
          if (error instanceof RangeError)
            throw badRequest("invalid_request", `/querystring/cursor ${error.message}`);
          throw error;
        }
        let body = answered.get(page);
        // The route's response schema serializes as for any answer: to JSON text.
        if (!body) answered.set(page, (body = Buffer.from(reply.serialize(page) as string)));
        // Bytes, so not serialized again; typed as the base reply, which takes any payload.
        return (reply as FastifyReply).type("application/json; charset=utf-8").send(body);
      },
    );
  };
