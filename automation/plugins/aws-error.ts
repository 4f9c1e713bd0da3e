import { failedAction } from "../aws/failed-action";
import { HttpError } from "./http-error";

/** The fields every AWS SDK v3 service error carries; nothing else is read from it. */
interface AwsServiceError {
  name: string;
  $fault: "client" | "server";
  $metadata: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const isAwsServiceError = (error: unknown): error is AwsServiceError =>
  error instanceof Error &&
  "$metadata" in error &&
  typeof error.$metadata === "object" &&
  "$fault" in error;

/** The SDK's own throttling codes; CloudFront's `TooMany…` (invalidations in progress) too. */
const throttlingCodes = new Set([
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
]);

const deniedCodes = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
]);

/** Seconds a client should wait before trying again: the SDK already retried with backoff. */
export const retryAfterSeconds = { throttled: 10, unavailable: 30 } as const;

const isThrottled = (error: AwsServiceError) =>
  throttlingCodes.has(error.name) ||
  error.name.startsWith("TooMany") ||
  error.$retryable?.throttling === true ||
  error.$metadata.httpStatusCode === 429;

/**
 * An AWS error a route let through, in the error contract: throttling → 429, AWS
 * failing or unavailable → 503, both with `Retry-After`; refused credentials → 502 naming
 * the IAM action. Each message names AWS's error code, never AWS's own text, which may
 * carry account ids and resource ARNs. Anything else is not AWS's and stays a 500.
 */
export function awsErrorAnswer(
  error: unknown,
): { error: HttpError; retryAfter?: number } | undefined {
  if (!isAwsServiceError(error)) return undefined;
  const action = failedAction(error) ?? "a call";
  const status = error.$metadata.httpStatusCode ?? 0;
  const details = { awsError: error.name, action };
  if (isThrottled(error)) {
    const wait = retryAfterSeconds.throttled;
    return {
      error: new HttpError(
        429,
        "aws_throttled",
        `AWS refused ${action} for now (${error.name}); try again in ${wait} s`,
        details,
      ),
      retryAfter: wait,
    };
  }
  if (error.$fault === "server" || status >= 500) {
    const wait = retryAfterSeconds.unavailable;
    return {
      error: new HttpError(
        503,
        "aws_unavailable",
        `AWS failed to answer ${action} (${error.name}, HTTP ${status}); try again in ${wait} s`,
        details,
      ),
      retryAfter: wait,
    };
  }
  if (deniedCodes.has(error.name) || status === 403) {
    return {
      error: new HttpError(
        502,
        "aws_access_denied",
        `AWS refused the server's credentials for ${action} (${error.name}); grant the server that permission`,
        details,
      ),
    };
  }
  return undefined;
}
