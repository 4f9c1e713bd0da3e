import type { FastifyInstance } from "fastify";
import { errorResponse } from "./error-response";

type ResponseSchemas = Record<string | number, unknown>;

/**
 * Documents, on every route, the errors any route may answer with: 400 when it validates
 * input, 413 and 415 when it reads a body, 401 and 403 unless public, 500 always. A route declares only its own (404, 409…),
 * so the document cannot fall behind what the hooks in front of every route do.
 */
export function registerDocumentedErrors(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined;
    if (!schema || schema.hide) return;
    const response = (schema.response ?? {}) as ResponseSchemas;
    const validates = ["params", "querystring", "body", "headers"].some((part) => part in schema);
    const statuses = [
      ...(validates ? [400] : []),
      ...("body" in schema ? [413, 415] : []),
      ...(route.config?.public ? [] : [401, 403]),
      500,
    ];
    for (const status of statuses) response[status] ??= errorResponse(status);
    schema.response = response;
  });
}
