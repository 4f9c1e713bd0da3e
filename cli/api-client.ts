import type { Connection } from "./config";
import { ApiError, describeApiError } from "./api-error";
import { CliError, exitCodes } from "./exit-codes";
import type { Principal } from "./api-types";

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** Reads an error answer through the contract, or says plainly what came back instead. */
async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  let error: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    // Not the server's JSON: a proxy's page, say. Its status is all we can trust.
  }
  const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === "string"
      ? error.message
      : `the server answered ${response.status} ${response.statusText}`;
  return new ApiError(
    response.status,
    code,
    message,
    error?.details,
    response.headers.get("www-authenticate"),
  );
}

/** The server's HTTP API, with the token; every command goes through here. */
export class ApiClient {
  constructor(readonly connection: Connection) {}

  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.connection.token}` };
  }

  url(path: string): string {
    return `${this.connection.url}${path}`;
  }

  /** Sends a request; a 2xx is returned, anything else thrown as an ApiError. */
  async send<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: {
          ...this.headers,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new CliError(
        `could not reach ${this.connection.url}${cause ? ` (${cause})` : ""}: is the server running, and FLIGHTDECK_URL right?`,
        exitCodes.failed,
        "unreachable",
      );
    }
    if (!response.ok) throw await errorOf(response);
    // 204 and other empty answers carry no JSON.
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T>(path: string): Promise<T> {
    return this.send<T>("GET", path).then((answer) => answer.body);
  }

  post<T>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.send<T>("POST", path, body, headers);
  }

  /** The token's name and scopes; undefined when the token may not even ask. */
  async whoami(): Promise<Principal | undefined> {
    return this.get<Principal>("/whoami").catch(() => undefined);
  }

  /** Turns whatever a request threw into the error the user reads. */
  async explain(error: unknown): Promise<unknown> {
    if (!(error instanceof ApiError)) return error;
    const scopes = error.status === 403 ? (await this.whoami())?.scopes : undefined;
    return describeApiError(error, scopes);
  }
}
