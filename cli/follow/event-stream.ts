import { EventSource } from "eventsource";
import type { ApiClient } from "../api-client";
import type { OperationEvent } from "../api-types";
import { CliError, exitCodes } from "../exit-codes";

const eventTypes = ["step", "engine", "log", "status"] as const;
/** Reconnection attempts in a row (about 3 s apart) before the server counts as gone. */
const maxReconnects = 20;

/**
 * Follows an operation's Server-Sent Events until its final `status` event. The
 * EventSource reconnects by itself after a dropped connection, sending `Last-Event-ID`,
 * and the server resumes after that event; a 204 says nothing more will come. Resolves
 * once the stream is over, or when `signal` aborts.
 */
export function followEvents(
  client: ApiClient,
  id: string,
  onEvent: (event: OperationEvent) => void,
  options: { signal?: AbortSignal; onReconnecting?: () => void } = {},
): Promise<void> {
  const source = new EventSource(client.url(`/deployments/${encodeURIComponent(id)}/events`), {
    fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, ...client.headers } }),
  });
  // The EventSource waits to reconnect on an unref'd timer: this keeps the process here.
  const keepAlive = setInterval(() => {}, 60_000);
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearInterval(keepAlive);
      source.close();
      options.signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish();
    options.signal?.addEventListener("abort", onAbort);
    if (options.signal?.aborted) return finish();

    for (const type of eventTypes) {
      source.addEventListener(type, (message: MessageEvent) => {
        let event: OperationEvent;
        try {
          event = JSON.parse(String(message.data)) as OperationEvent;
        } catch {
          return finish(
            new CliError(`the event stream sent ${type} data that is not JSON`, exitCodes.failed),
          );
        }
        onEvent(event);
        if (event.type === "status") finish();
      });
    }
    let reconnects = 0;
    source.onopen = () => {
      reconnects = 0;
    };
    source.onerror = (error) => {
      if (source.readyState !== source.CLOSED) {
        if (++reconnects <= maxReconnects) return options.onReconnecting?.();
        return finish(
          new CliError(
            `lost the server's event stream (${error.message ?? "connection failed"}); the operation may still be running: flightdeck logs ${id} --follow`,
            exitCodes.failed,
            "stream_lost",
          ),
        );
      }
      // 204: the operation ended and we have seen its last event.
      if (error.code === 204) return finish();
      // Refused for good (401, 403, 404, 429): the same request as JSON says why.
      if (error.code !== undefined) {
        return client
          .get(`/deployments/${encodeURIComponent(id)}`)
          .then(
            () =>
              finish(
                new CliError(
                  `the event stream was refused (HTTP ${error.code})${error.code === 429 ? ": too many streams open for this token; try again shortly" : ""}`,
                  exitCodes.failed,
                  "stream_refused",
                ),
              ),
            finish,
          );
      }
      finish(
        new CliError(
          `the event stream failed: ${error.message ?? "unknown error"}`,
          exitCodes.failed,
        ),
      );
    };
  });
}
