import type { Principal } from "../../automation/auth/scopes";
import { ApiError } from "./api-error";

/** Every route answers at once (operations run in the background), so a minute is generous. */
const requestTimeoutMs = 60_000;

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/**
 * The server's public HTTP API with a bearer token: the only way the MCP tools reach
 * flightdeck. Error-contract answers and unreachable servers become `ApiError`s.
 */
export class FlightdeckApi {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`the flightdeck URL ${JSON.stringify(url)} is not a URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new Error(`the flightdeck URL ${url} must be http or https`);
    }
    if (token.trim() === "") throw new Error("the flightdeck token is empty");
    // Kept as a prefix, so a server mounted under a path keeps it.
    this.base = parsed.href.replace(/\/+$/, "");
  }

  /** The absolute URL of an API path such as `/stacks/production`. */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Headers every request carries; callers add their own. */
  authorization(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /** Sends one request; any status outside 2xx is thrown as the server's error. */
  async send<T>(
    method: "GET" | "POST",
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const url = this.url(path);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: "application/json",
          ...this.authorization(),
          ...(options.body === undefined ? {} : { "content-type": "application/json" }),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw ApiError.unreachable(url, error);
    }
    if (!response.ok) throw await ApiError.fromResponse(response);
    return { status: response.status, body: (await response.json()) as T };
  }

  async get<T>(path: string): Promise<T> {
    return (await this.send<T>("GET", path)).body;
  }

  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>> {
    return this.send<T>("POST", path, { body, headers });
  }

  /** Who the token is and what it may do. */
  whoami(): Promise<Principal> {
    return this.get<Principal>("/whoami");
  }
}

/** A path segment from user input, so that `/` or a dot segment cannot reach another route. */
export function segment(value: string | number): string {
  const text = String(value);
  if (text === "." || text === "..") throw new Error(`${JSON.stringify(text)} is not a name`);
  return encodeURIComponent(text);
}
