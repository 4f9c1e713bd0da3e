import { readFile } from "node:fs/promises";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import type { WebBuild } from "./build";

const fileParams = {
  type: "object",
  properties: { "*": { type: "string", maxLength: 1024 } },
  required: ["*"],
} as const;

function notFound(reply: FastifyReply, path: string) {
  return reply.code(404).send({ error: { code: "not_found", message: `no file ${path}` } });
}

/**
 * Serves a built release the way the CDN does: only the files the build lists, by key,
 * with each file's own headers, and "/" as index.html. Nothing else on disk is reachable.
 */
export function buildWebServer(
  build: WebBuild,
  options: { logger?: boolean } = {},
): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, return503OnClosing: true });
  const byKey = new Map(build.files.map((file) => [file.key, file]));

  app.get<{ Params: { "*": string } }>(
    "/*",
    { schema: { params: fileParams } },
    async (request, reply) => {
      const key = request.params["*"] || "index.html";
      const file = byKey.get(key);
      if (!file) return notFound(reply, `/${key}`);
      return reply
        .type(file.contentType)
        .header("cache-control", file.cacheControl)
        .send(await readFile(file.path));
    },
  );

  app.setNotFoundHandler((request, reply) => notFound(reply, request.url.split("?")[0] ?? "/"));
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    if (error.statusCode && error.statusCode < 500) {
      return reply
        .code(error.statusCode)
        .send({ error: { code: "bad_request", message: error.message } });
    }
    request.log.error({ err: error }, "request failed");
    return reply.code(500).send({ error: { code: "internal_error", message: "internal error" } });
  });
  return app;
}
