import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyInstance } from "fastify";
import { HttpError } from "./http-error";

export { badRequest, conflict, notFound } from "./http-error";

const body = (code: string, message: string, details?: unknown) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/**
 * Every error leaves as `{ error: { code, message, details? } }`. Client errors say what
 * was wrong, naming the field; server errors say only that something failed and under
 * which id the log has the details.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(body(error.code, error.message, error.details));
    }
    if (error.validation) {
      const fields = error.validation.map((issue) => ({
        field: `/${error.validationContext ?? "request"}${issue.instancePath}`,
        message: issue.message ?? "is invalid",
      }));
      const first = fields[0];
      return reply
        .code(400)
        .send(
          body(
            "invalid_request",
            first ? `${first.field} ${first.message}` : error.message,
            fields,
          ),
        );
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply
        .code(status)
        .send(body(error.code?.toLowerCase() ?? "bad_request", error.message));
    }
    const errorId = randomUUID();
    request.log.error({ err: error, errorId }, "request failed");
    return reply
      .code(500)
      .send(body("internal_error", `the server failed to answer (error id ${errorId})`));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(body("not_found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );
}
