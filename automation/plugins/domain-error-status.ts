import type { DomainErrorKind } from "../domain/domain-error";

/** The one place a domain error's kind becomes an HTTP status. */
export const domainErrorStatus: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  refused: 403,
  not_found: 404,
  conflict: 409,
  upstream_failure: 502,
  unavailable: 503,
};
