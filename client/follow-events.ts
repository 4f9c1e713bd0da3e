import { ApiError } from "./api-error";
import { segment, type ApiClient } from "./api-client";
import { SseParser } from "./sse-parser";
import type { OperationEventView } from "./types";

export interface FollowOptions {
  /** Ends the follow quietly (resolves, unfinished): the caller left or its wait ran out. */
  signal?: AbortSignal;
  /** Resume after this event, as a reconnection would. */
  afterSeq?: number;
  /** Connections lost in a row before giving up; the count restarts once one opens. */
  maxReconnects?: number;
  /** After a connection cut: soon, as an EventSource would reconnect. */
  reconnectMs?: number;
  onReconnecting?: () => void;
}

export interface Followed {
  /** The seq of the last event read: where a later follow resumes. */
  lastSeq: number;
  /** The operation's final event was read: nothing more will come. */
  finished: boolean;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Follows an operation's event stream (GET /deployments/:id/events) to its final
 * `status` event. EventSource cannot send an Authorization header, so this is a streamed
 * fetch with the token in its header: the token never enters a URL. A dropped
 * connection resumes after the last event seen (Last-Event-ID); 204 says the operation
 * ended and nothing came after it; 429 waits as long as Retry-After says. A refusal, or
 * a server never reached, is thrown as the ApiError it is.
 */
export async function followEvents(
  client: ApiClient,
  operationId: string,
  onEvent: (event: OperationEventView) => void,
  options: FollowOptions = {},
): Promise<Followed> {
  const { signal, maxReconnects = 20, reconnectMs = 1000 } = options;
  const state: Followed = { lastSeq: options.afterSeq ?? 0, finished: false };
  let opened = false;
  let reconnects = 0;
  const reconnect = async (cause: unknown) => {
    if (++reconnects > maxReconnects) throw cause;
    options.onReconnecting?.();
    await wait(reconnectMs, signal);
  };
  while (!signal?.aborted) {
    let response: Response;
    try {
      response = await client.fetch(`/deployments/${segment(operationId)}/events`, {
        headers: {
          accept: "text/event-stream",
          ...(state.lastSeq > 0 ? { "last-event-id": String(state.lastSeq) } : {}),
        },
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) break;
      if (error instanceof ApiError && error.status === 429) {
        await wait((error.retryAfterSeconds ?? 1) * 1000, signal);
        continue;
      }
      // Never connected: say why now. A server lost after it answered may come back.
      if (!opened || !(error instanceof ApiError) || error.status !== 0) throw error;
      await reconnect(error);
      continue;
    }
    opened = true;
    reconnects = 0;
    if (response.status === 204 || !response.body) return { ...state, finished: true };
    try {
      if (
        await readStream(response.body.pipeThrough(new TextDecoderStream()), state, onEvent, signal)
      )
        return state;
    } catch (error) {
      if (signal?.aborted) break;
      if (error instanceof ApiError) throw error;
      // A connection cut mid-stream: resumed from the last event seen.
      await reconnect(ApiError.unreachable(client.baseUrl || "the server", error));
      continue;
    }
    if (signal?.aborted) break;
    // The server closed the stream early (a restart, a drain): resume as after a cut.
    await reconnect(ApiError.unreachable(client.baseUrl || "the server", "the stream ended"));
  }
  return state;
}

/** Reads one connection's events; true once the final one was read. */
async function readStream(
  text: ReadableStream<string>,
  state: Followed,
  onEvent: (event: OperationEventView) => void,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const parser = new SseParser();
  const reader = text.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      for (const { id, data } of parser.push(value)) {
        // Stopped within a chunk (enough events read): what follows is left for a resume.
        if (signal?.aborted) return false;
        let event: OperationEventView;
        try {
          event = JSON.parse(data) as OperationEventView;
        } catch {
          throw new ApiError(200, "unreadable_event", `event ${id ?? "?"} is not JSON`);
        }
        state.lastSeq = event.seq;
        state.finished = event.type === "status";
        onEvent(event);
        if (state.finished) return true;
      }
    }
  } finally {
    // Closes the connection when the follow ends early (final event, abort, bad data).
    void reader.cancel().catch(() => {});
  }
}
