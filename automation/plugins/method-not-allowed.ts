import type { FastifyInstance, HTTPMethods } from "fastify";
import { errorBody } from "./error-body";

/**
 * RFC 9110: a method the resource does not support is a 405 naming the ones it does
 * (`Allow`), not a 404 as if the path did not exist. Decided in `onRequest`, before
 * Fastify would parse a body the route will never read (QUERY, PROPFIND, …).
 */
export function registerMethodNotAllowed(app: FastifyInstance): void {
  const methods = new Set<HTTPMethods>();
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) methods.add(method);
  });
  app.addHook("onRequest", async (request, reply) => {
    if (!request.is404) return;
    const url = request.url.split("?")[0] ?? "/";
    const allowed = [...methods].filter((method) => app.findRoute({ method, url }) !== null);
    if (allowed.length === 0) return;
    const allow = allowed.sort().join(", ");
    return reply
      .code(405)
      .header("allow", allow)
      .send(
        errorBody(
          "method_not_allowed",
          `${request.method} is not supported on ${url}; it answers ${allow}`,
        ),
      );
  });
}
