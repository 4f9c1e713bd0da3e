import { PipelineError } from "./operation-error";

/**
 * What kind of refusal a domain error is. Its HTTP status is decided in one place, the
 * error handler (plugins/domain-error-status.ts); inside an operation it is journaled with
 * its code, message and details like any other failure the user can act on.
 */
export type DomainErrorKind =
  | "invalid"
  | "unauthenticated"
  | "refused"
  | "not_found"
  | "conflict"
  | "upstream_failure"
  | "unavailable";

/** A failure the user can act on, raised below the routes, that says which kind it is. */
export class DomainError extends PipelineError {
  constructor(
    readonly kind: DomainErrorKind,
    code: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details);
  }
}

/** The request itself cannot be carried out as asked (a missing confirmation, a bad target). */
export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

/** No valid credentials came with the request. */
export const unauthenticated = (message: string, code = "unauthorized") =>
  new DomainError("unauthenticated", code, message);

/** Understood, and not allowed: a missing scope, a ref that may not be released. */
export const refused = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("refused", code, message, details);

/** What was named does not exist. */
export const notFound = (message: string, code = "not_found", details?: Record<string, unknown>) =>
  new DomainError("not_found", code, message, details);

/** It clashes with what is already there or already running. */
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("conflict", code, message, details);

/** Something this server depends on (git's remote, an AWS service) failed to answer. */
export const upstreamFailure = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("upstream_failure", code, message, details);

/** This server cannot do it now (shutting down, missing prerequisites); it may later. */
export const unavailable = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("unavailable", code, message, details);
