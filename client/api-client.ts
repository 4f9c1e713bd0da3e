import { ApiError, errorFrom } from "./api-error";
import type { HealthView, PrincipalView } from "./types";

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export interface ClientOptions {
  /** The server's URL; empty in the browser, where the API is the page's own origin. */
  baseUrl: string;
  token: string;
  /** A 401 anywhere means the token no longer works (the dashboard signs out). */
  onUnauthorized?: (error: ApiError) => void;
  /** Bounds a request that never answers; every route answers at once, streams aside. */
  timeoutMs?: number;
}

/**
 * The server's HTTP API as one token: every call carries it in the Authorization header,
 * never in a URL. Only `fetch`, so the CLI, the MCP tools and the dashboard share it.
 * A non-2xx answer, or no answer at all, is thrown as an ApiError.
 */
export class ApiClient {
  private readonly base: string;

  constructor(private readonly options: ClientOptions) {
    // Kept as a prefix, so a server mounted under a path keeps it.
    this.base = options.baseUrl.replace(/\/+$/, "");
  }

  /** Where the requests go: the base URL, or the page's origin in the browser. */
  get baseUrl(): string {
    return this.base;
  }

  /** The absolute URL of an API path such as `/stacks/production`. */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /**
   * The raw response of a successful request (a stream's body to read on). The headers
   * given are sent besides the token; the caller's signal, if any, replaces the timeout.
   */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${this.options.token}`);
    if (!headers.has("accept")) headers.set("accept", "application/json");
    const timeout = this.options.timeoutMs;
    const signal = init.signal ?? (timeout ? AbortSignal.timeout(timeout) : undefined);
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        ...init,
        headers,
        credentials: "omit",
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      // The caller's own abort is theirs to handle; anything else is a server not reached.
      if (init.signal?.aborted) throw error;
      throw ApiError.unreachable(this.base || "the server", error);
    }
    if (response.ok) return response;
    const error = await errorFrom(response);
    if (error.status === 401) this.options.onUnauthorized?.(error);
    throw error;
  }

  /** Sends a request with a JSON body (if any); answers the JSON (undefined when empty). */
  async send<T>(
    method: "GET" | "POST",
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<ApiAnswer<T>> {
    const { body, signal } = options;
    const response = await this.fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
    // 204 and other empty answers carry no JSON.
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return (await this.send<T>("GET", path, signal ? { signal } : {})).body;
  }

  post<T>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.send<T>("POST", path, { body, ...(headers ? { headers } : {}) });
  }

  /** The server's version, and whether it releases into the sandbox's emulated world. */
  health(signal?: AbortSignal): Promise<HealthView> {
    return this.get<HealthView>("/health", signal);
  }

  /** Who the token is and what it may do. */
  whoami(signal?: AbortSignal): Promise<PrincipalView> {
    return this.get<PrincipalView>("/whoami", signal);
  }
}

/** A path segment from user input, so that `/` or a dot segment cannot reach another route. */
export function segment(value: string | number): string {
  const text = String(value);
  if (text === "." || text === "..") throw new Error(`${JSON.stringify(text)} is not a name`);
  return encodeURIComponent(text);
}
