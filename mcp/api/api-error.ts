/**
 * An answer of the server's error contract (`{ error: { code, message, details? } }`),
 * or a failure to reach the server at all, as one type the tools report to the agent.
 */
export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Reads an error answer; a body outside the contract (a proxy's page) keeps its status. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const text = await response.text();
    try {
      const { error } = JSON.parse(text) as {
        error?: { code?: unknown; message?: unknown; details?: unknown };
      };
      if (typeof error?.code === "string" && typeof error.message === "string") {
        return new ApiError(response.status, error.code, error.message, error.details);
      }
    } catch {
      // Not JSON: described below from the status alone.
    }
    return new ApiError(
      response.status,
      `http_${response.status}`,
      `the server answered ${response.status} ${response.statusText} without an error body`,
    );
  }

  static unreachable(url: string, cause: unknown): ApiError {
    const reason = cause instanceof Error ? (cause.cause ?? cause) : cause;
    const message = reason instanceof Error ? reason.message : String(reason);
    return new ApiError(0, "unreachable", `could not reach flightdeck at ${url}: ${message}`);
  }
}
