import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  invalidationLimits,
  invalidPathReason,
  normalizePaths,
  overLimit,
} from "../../invalidation/invalidation-paths";
import {
  defaultIdempotencyKey,
  requestInvalidation,
  waitForInvalidation,
} from "../../invalidation/request-invalidation";
import { currentLive } from "../../journal/current-live";
import type { StackOperations } from "../../operations/stack-operations";
import { HttpError, notFound } from "../../plugins/http-error";
import { errorResponses } from "../schemas";
import { InvalidationSchema } from "./invalidation-schema";
import { openStack } from "./open-stack";
import { StackParams } from "./stack-params";

const maxPathCount = invalidationLimits.files + invalidationLimits.wildcards;

const InvalidateBody = Type.Object(
  {
    paths: Type.Array(
      Type.String({
        minLength: 1,
        maxLength: invalidationLimits.pathLength,
        // What a URL path may hold unencoded (RFC 3986), and CloudFront's * only at the end.
        pattern: "^/[A-Za-z0-9._~!$&'()+,;=:@/%-]*\\*?$",
        description: "a path with a leading /, URL-encoded, with a * wildcard only at its end",
      }),
      { minItems: 1, maxItems: maxPathCount },
    ),
    wait: Type.Optional(
      Type.Boolean({ description: "poll until CloudFront reports Completed (bounded)" }),
    ),
  },
  { additionalProperties: false },
);

const InvalidateHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      pattern: "^[A-Za-z0-9._:-]{1,128}$",
      description:
        "a key of up to 128 letters, digits, `.`, `_`, `:`, `-`: a retried request with the same key gets the same invalidation",
    }),
  ),
});

export const invalidateRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      "/stacks/:stack/invalidate",
      {
        config: { scope: "deploy" },
        // As large as the schema allows (CloudFront's own limits), so the schema decides.
        bodyLimit: maxPathCount * (invalidationLimits.pathLength + 3) + 1024,
        schema: {
          summary: "Invalidate web paths in CloudFront, once per idempotency key",
          tags: ["stacks"],
          params: StackParams,
          headers: InvalidateHeaders,
          body: InvalidateBody,
          response: {
            200: InvalidationSchema,
            201: InvalidationSchema,
            ...errorResponses(404, 409),
            // CloudFront throttled or failed (429, 503, with Retry-After), refused the
            // server's credentials (502), or a prerequisite is missing (503).
            ...errorResponses(429, 502, 503),
          },
        },
      },
      async (request, reply) => {
        const stack = await openStack(app, stacks, request, reply);
        const stackName = stack.name;
        const invalid = request.body.paths.flatMap((path, index) => {
          const reason = invalidPathReason(path);
          return reason ? [{ field: `/body/paths/${index}`, message: `${path} ${reason}` }] : [];
        });
        if (invalid.length > 0) {
          throw new HttpError(
            400,
            "invalid_request",
            `${invalid[0]!.field}: ${invalid[0]!.message}`,
            invalid,
          );
        }
        const { paths, dropped } = normalizePaths(request.body.paths);
        const tooMany = overLimit(paths);
        if (tooMany) throw new HttpError(400, "invalid_request", `/body/paths: ${tooMany}`);

        await stack.require("invalidate");
        const { aws, journal, invalidationWaitMs, invalidationPollMs } = stacks.options;
        const live = await currentLive(journal, stackName);
        if (!live)
          throw notFound(
            `stack ${stackName} has no release yet: nothing to invalidate`,
            "no_release",
          );
        const outputs = await stacks.outputs(stackName);
        const webRelease = live.services.web.pointer;
        const idempotencyKey =
          request.headers["idempotency-key"] ??
          defaultIdempotencyKey({
            stack: stackName,
            distributionId: outputs.webDistributionId,
            webRelease,
            paths,
          });
        const result = await requestInvalidation({
          aws,
          journal,
          stack: stackName,
          distributionId: outputs.webDistributionId,
          paths,
          idempotencyKey,
          requestedBy: request.principal.name,
        });
        let { status } = result;
        let timedOut = false;
        if (request.body.wait) {
          const waited = await waitForInvalidation(
            aws,
            result.record,
            { timeoutMs: invalidationWaitMs, pollMs: invalidationPollMs },
            AbortSignal.timeout(invalidationWaitMs + invalidationPollMs),
          );
          status = waited.status;
          timedOut = status !== "Completed";
        }
        return reply.code(result.created ? 201 : 200).send({
          invalidation: { ...result.record, status, dropped, created: result.created, timedOut },
        });
      },
    );
  };
