/**
 * A failed request in the error contract's words (`{ error: { code, message, details? } }`),
 * or a server that could not be reached at all (status 0, code `unreachable`). The one
 * error every front door (CLI, MCP tools, dashboard) reads and explains in its own way.
 */
export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The challenge of a 401/403 (WWW-Authenticate): a 403's names the scope needed. */
    readonly challenge?: string,
    /** For a 429 or 503, how long the server asks to wait (Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The scope a 403 names (RFC 6750 `insufficient_scope`), if it names one. */
  get neededScope(): string | undefined {
    return /scope="([^"]+)"/.exec(this.challenge ?? "")?.[1];
  }

  /** What to tell a person, naming the scope a 403 needs. */
  get explanation(): string {
    if (this.status === 401) return `Not signed in: ${this.message}.`;
    if (this.status === 403 && this.neededScope) {
      return `This needs a token with the "${this.neededScope}" scope (${this.message}).`;
    }
    return this.message;
  }

  /** A request that got no answer: the server is down, the name wrong, the network cut. */
  static unreachable(url: string, cause: unknown): ApiError {
    // fetch's own error is a bare "fetch failed"; its cause says what actually went wrong.
    const reason = cause instanceof Error ? (cause.cause ?? cause) : cause;
    const said = reason instanceof Error ? reason.message : String(reason);
    return new ApiError(0, "unreachable", `could not reach ${url} (${said})`);
  }
}

/** Reads a failed response as the error contract; a body outside it (a proxy's page) keeps its status. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text();
  let error: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    // Not the server's JSON: its status is all there is to trust.
  }
  const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
  return new ApiError(
    response.status,
    typeof error?.code === "string" ? error.code : `http_${response.status}`,
    typeof error?.message === "string"
      ? error.message
      : `the server answered ${response.status} ${response.statusText}`.trim(),
    error?.details,
    response.headers.get("www-authenticate") ?? undefined,
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

/** Any thrown value as words for a person. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.explanation;
  if (error instanceof Error) return error.message;
  return String(error);
}
