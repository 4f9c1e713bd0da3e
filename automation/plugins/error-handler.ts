import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from "fastify";
import { DomainError } from "../domain/domain-error";
import { awsErrorAnswer } from "./aws-error";
import { domainErrorStatus } from "./domain-error-status";
import { errorBody } from "./error-body";
import { HttpError } from "./http-error";

export { badRequest, conflict, HttpError, notFound } from "./http-error";

/**
 * Client-facing codes for the 4xx errors Fastify raises itself: its own codes
 * (FST_ERR_CTP_…) name internals that clients should not come to depend on.
 */
const codeForStatus: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  408: "request_timeout",
  413: "payload_too_large",
  414: "uri_too_long",
  415: "unsupported_media_type",
  429: "too_many_requests",
  431: "headers_too_large",
};

/**
 * The JSON pointer of the offending field. Ajv reports a missing or unknown property on
 * its parent object, so the property's own name is appended to point at it.
 */
function fieldOf(issue: FastifySchemaValidationError, context: string): string {
  const params = issue.params as { missingProperty?: unknown; additionalProperty?: unknown };
  const property = params.missingProperty ?? params.additionalProperty;
  const path =
    typeof property === "string" ? `${issue.instancePath}/${property}` : issue.instancePath;
  return `/${context}${path}`;
}

/** A pattern means little to a reader; the field's description says what it wants. */
function messageOf(issue: FastifySchemaValidationError): string {
  const { description } = ((issue as { parentSchema?: unknown }).parentSchema ?? {}) as {
    description?: unknown;
  };
  if (issue.keyword === "pattern" && typeof description === "string") {
    return `must be ${description}`;
  }
  return issue.message ?? "is invalid";
}

function validationFailure(error: FastifyError) {
  const context = error.validationContext ?? "request";
  const fields = (error.validation ?? []).map((issue) => ({
    field: fieldOf(issue, context),
    message: messageOf(issue),
  }));
  const first = fields[0];
  return errorBody(
    "invalid_request",
    first ? `${first.field} ${first.message}` : error.message,
    fields,
  );
}

/**
 * Every error leaves as `{ error: { code, message, details? } }`. Client errors say what
 * was wrong, naming the field; server errors say only that something failed and under
 * which id the log has the details. No stack trace ever leaves.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | DomainError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    if (error instanceof DomainError) {
      return reply
        .code(domainErrorStatus[error.kind])
        .send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) return reply.code(400).send(validationFailure(error));
    const aws = awsErrorAnswer(error);
    if (aws) {
      // AWS's own text (account ids, ARNs) goes only to the log.
      request.log.warn({ err: error }, "AWS refused a call");
      if (aws.retryAfter !== undefined) void reply.header("retry-after", String(aws.retryAfter));
      const { statusCode, code, message, details } = aws.error;
      return reply.code(statusCode).send(errorBody(code, message, details));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply
        .code(status)
        .send(errorBody(codeForStatus[status] ?? `http_${status}`, error.message));
    }
    const errorId = randomUUID();
    request.log.error({ err: error, errorId }, "request failed");
    return reply
      .code(status >= 500 && status < 600 ? status : 500)
      .send(errorBody("internal_error", `the server failed to answer (error id ${errorId})`));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody("not_found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );
}
