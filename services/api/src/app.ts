import Fastify, { type FastifyInstance } from "fastify";
import type { ApiConfig } from "./config";

const healthSchema = {
  response: {
    200: {
      type: "object",
      properties: {
        status: { type: "string" },
        gitHash: { type: "string" },
        stage: { type: "string" },
      },
      required: ["status", "gitHash", "stage"],
      additionalProperties: false,
    },
  },
} as const;

/** The api as one Fastify app: Lambda and a local listener serve the very same routes. */
export function buildApiApp(
  config: ApiConfig,
  options: { logger?: boolean } = {},
): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });

  app.get("/health", { schema: healthSchema }, () => ({
    status: "ok",
    gitHash: config.gitHash,
    stage: config.stage,
  }));

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: "not_found", message: `no route ${request.method} ${request.url}` } }),
  );

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, "request failed");
    const message = status >= 500 ? "internal error" : error.message;
    return reply
      .code(status)
      .send({ error: { code: status >= 500 ? "internal_error" : "bad_request", message } });
  });

  return app;
}
