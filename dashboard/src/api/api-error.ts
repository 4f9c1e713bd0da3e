import type { ErrorView } from "./types";

interface ErrorFacts {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  /** For a 403, the scope the route needs (RFC 6750's `scope` in WWW-Authenticate). */
  neededScope?: string;
  /** For a 429 or 503, how long the server asks to wait (Retry-After). */
  retryAfterSeconds?: number;
}

/** An answer in the error contract's words: status, code, message and details. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly neededScope: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(facts: ErrorFacts) {
    super(facts.message);
    this.status = facts.status;
    this.code = facts.code;
    this.details = facts.details;
    this.neededScope = facts.neededScope;
    this.retryAfterSeconds = facts.retryAfterSeconds;
  }

  /** What to tell a person, naming the scope a 403 needs. */
  get explanation(): string {
    if (this.status === 401) return `Not signed in: ${this.message}.`;
    if (this.status === 403 && this.neededScope) {
      return `This needs a token with the "${this.neededScope}" scope (${this.message}).`;
    }
    return this.message;
  }
}

const scopeInChallenge = /scope="([^"]+)"/;

/** Reads a failed response as the error contract; anything else still says what happened. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
  const context = {
    status: response.status,
    neededScope: scopeInChallenge.exec(response.headers.get("www-authenticate") ?? "")?.[1],
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
  };
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as ErrorView;
    return new ApiError({ ...context, ...error });
  } catch {
    return new ApiError({
      ...context,
      code: `http_${response.status}`,
      message: `the server answered ${response.status} ${response.statusText}`.trim(),
    });
  }
}

/** Any thrown value as words for the page. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.explanation;
  if (error instanceof Error) return error.message;
  return String(error);
}
