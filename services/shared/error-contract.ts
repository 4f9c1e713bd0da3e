import type { FastifyError, FastifyInstance } from "fastify";

const codeByStatus: Record<number, string> = {
  400: "bad_request",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/**
 * Every error leaves as `{ error: { code, message, details? } }`. Client errors keep
 * their message (it names the field); server errors say only "internal error" while the
 * cause goes to the log.
 */
export function useErrorContract(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: "not_found",
        message: `no route ${request.method} ${request.url.split("?")[0] ?? "/"}`,
      },
    }),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply.code(500).send({ error: { code: "internal_error", message: "internal error" } });
    }
    if (error.validation) {
      return reply.code(400).send({
        error: {
          code: "invalid_request",
          message: error.message,
          details: error.validation.map((issue) => ({
            field: `${error.validationContext ?? "request"}${issue.instancePath}`,
            message: issue.message ?? "is invalid",
          })),
        },
      });
    }
    return reply
      .code(status)
      .send({ error: { code: codeByStatus[status] ?? "client_error", message: error.message } });
  });
}
