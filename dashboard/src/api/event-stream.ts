import { ApiError } from "./api-error";
import type { ApiClient } from "./client";
import { SseParser } from "./sse-parser";
import type { OperationEventView } from "./types";

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Follows an operation's event stream (GET /deployments/:id/events) from its first event
 * to its final `status` one. EventSource cannot send an Authorization header, so this is
 * a streamed fetch with the bearer token in its header: the token never enters a URL.
 * A dropped connection resumes after the last event seen (Last-Event-ID), as an
 * EventSource would; 429 waits as long as Retry-After says.
 */
export async function followOperationEvents(
  client: ApiClient,
  operationId: string,
  onEvent: (event: OperationEventView) => void,
  signal: AbortSignal,
): Promise<void> {
  let lastSeq = 0;
  /** After a connection cut: soon, as an EventSource would reconnect. */
  const reconnectMs = 1000;
  while (!signal.aborted) {
    let response: Response;
    try {
      response = await client.fetch(`/deployments/${operationId}/events`, {
        headers: {
          accept: "text/event-stream",
          ...(lastSeq > 0 ? { "last-event-id": String(lastSeq) } : {}),
        },
        signal,
      });
    } catch (error) {
      if (signal.aborted) return;
      if (!(error instanceof ApiError) || error.status !== 429) throw error;
      await wait((error.retryAfterSeconds ?? 1) * 1000, signal);
      continue;
    }
    // Finished, and nothing after the last event seen.
    if (response.status === 204 || !response.body) return;
    let finished = false;
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const { data } of parser.push(value)) {
          const event = JSON.parse(data) as OperationEventView;
          lastSeq = event.seq;
          if (event.type === "status") finished = true;
          onEvent(event);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      // A connection cut mid-stream: resumed below from the last event seen.
      console.warn("event stream interrupted", error);
    }
    if (finished) return;
    await wait(reconnectMs, signal);
  }
}
