import { DomainError } from "../../automation/domain/domain-error";
import { domainErrorStatus } from "../../automation/plugins/domain-error-status";

/** The status the error handler answers an error with: a domain error's is decided by its kind. */
export const statusOf = (error: Error & { statusCode?: number }): number | undefined =>
  error instanceof DomainError ? domainErrorStatus[error.kind] : error.statusCode;
