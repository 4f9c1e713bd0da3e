import { ApiError, errorFrom } from "./api-error";

/**
 * The API as the signed-in user: every call carries the bearer token in its header, never
 * in a URL. A 401 anywhere means the token no longer works, and signs the user out.
 */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: (error: ApiError) => void = () => {},
  ) {}

  /** Sends a request; answers 2xx as parsed JSON (null when empty), throws ApiError otherwise. */
  async request<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: T }> {
    const response = await this.fetch(path, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return (await this.request<T>("GET", path, undefined, signal)).body;
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return (await this.request<T>("POST", path, body)).body;
  }

  /**
   * The raw response of a successful request (a stream's body to read on); a failure is
   * thrown as ApiError. The headers given are sent besides the token.
   */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${this.token}`);
    headers.set("accept", headers.get("accept") ?? "application/json");
    const response = await fetch(path, { ...init, headers, credentials: "omit" });
    if (response.ok || response.status === 204) return response;
    const error = await errorFrom(response);
    if (error.status === 401) this.onUnauthorized(error);
    throw error;
  }
}

export { ApiError };
