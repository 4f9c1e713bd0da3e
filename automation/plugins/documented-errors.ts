import type { FastifyInstance } from "fastify";
import { Type } from "typebox";

/** What each error status means in this API, as the document tells a client. */
export const errorMeanings: Record<number, string> = {
  400: "the request does not match its schema, or breaks a rule of this operation (`details` names the fields)",
  401: "no bearer token, or one the server does not know",
  403: "the token lacks the scope this operation needs (`WWW-Authenticate` names it)",
  404: "the stack, operation or release named does not exist",
  409: "the stack is busy with another operation (the holder is named), or the operation is not in a state that allows this",
  413: "the body is larger than this operation accepts",
  415: "the body is not `application/json`",
  429: "too many requests of this kind at once; retry after `Retry-After` seconds",
  500: "the server failed; the message carries an error id to find in its log",
  502: "AWS refused the server's own credentials; the operator must fix them",
  503: "a prerequisite or a dependency (engine, AWS) is unavailable; retry later",
};

/** The error contract's schema for one status, described for the document. */
export const errorResponse = (status: number) =>
  Type.Ref("Error", { description: errorMeanings[status] ?? `error ${status}` });

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
