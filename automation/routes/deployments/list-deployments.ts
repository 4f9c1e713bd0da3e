import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
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
      async (request) => {
        // Ajv fills in the default; the type cannot know that.
        const { stack, status, kind, limit = 20, cursor } = request.query;
        try {
          // Awaited here, so that a bad cursor's rejection is caught below.
          return await journal.listOperations({ stack, status, kind, limit, cursor });
        } catch (error) {
          if (error instanceof RangeError)
            throw badRequest("invalid_request", `/querystring/cursor ${error.message}`);
          throw error;
        }
      },
    );
  };
