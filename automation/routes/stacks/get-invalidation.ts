import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { invalidationStatus } from "../../invalidation/request-invalidation";
import type { StackOperations } from "../../operations/stack-operations";
import { notFound } from "../../plugins/http-error";
import { errorResponses } from "../schemas";
import { InvalidationSchema } from "./invalidation-schema";
import { StackParams } from "./stack-params";

const InvalidationParams = Type.Object({
  ...StackParams.properties,
  id: Type.String({
    pattern: "^[A-Za-z0-9]{1,64}$",
    description: "a CloudFront invalidation id (letters and digits)",
  }),
});

export const getInvalidationRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/stacks/:stack/invalidations/:id",
      {
        schema: {
          summary: "An invalidation asked through the server, with CloudFront's status",
          tags: ["stacks"],
          params: InvalidationParams,
          // 429, 502, 503: CloudFront throttled, refused or failed the status read.
          response: { 200: InvalidationSchema, ...errorResponses(404, 429, 502, 503) },
        },
      },
      async (request) => {
        const { stack, id } = request.params;
        const record = await stacks.options.journal.findInvalidation(stack, { id });
        if (!record) throw notFound(`stack ${stack} has no invalidation ${id}`);
        return {
          invalidation: { ...record, status: await invalidationStatus(stacks.options.aws, record) },
        };
      },
    );
  };
