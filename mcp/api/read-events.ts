import { EventSource } from "eventsource";
import type { OperationEvent } from "../../automation/journal/journal";
import { ApiError } from "./api-error";
import { segment, type FlightdeckApi } from "./flightdeck-api";

const eventTypes: OperationEvent["type"][] = ["step", "engine", "status", "log"];

export interface EventsRead {
  /** The events kept, in order. */
  events: OperationEvent[];
  /** The seq of the last event read (kept or not): where the next read resumes. */
  lastSeq: number;
  /** The operation's final event has been read: nothing more will come. */
  finished: boolean;
}

export interface ReadOptions {
  afterSeq: number;
  /** How long to wait for events before answering with what came. */
  waitMs: number;
  /** Answer once this many events were kept. */
  maxEvents: number;
  keep(event: OperationEvent): boolean;
}

/**
 * Reads an operation's event stream for a bounded while: a tool call must answer, so
 * it stops at the final event, after `maxEvents`, or when `waitMs` runs out, and says
 * where to resume. The stream client reconnects on its own if the connection drops.
 */
export function readEvents(
  api: FlightdeckApi,
  operationId: string,
  options: ReadOptions,
): Promise<EventsRead> {
  const events: OperationEvent[] = [];
  let lastSeq = options.afterSeq;
  // The stream client only sees a status code; the error contract's body is read here.
  let refused: ApiError | undefined;
  let opened = false;
  let finished = false;
  const url = api.url(`/deployments/${segment(operationId)}/events`);

  return new Promise((resolve, reject) => {
    const source = new EventSource(url, {
      fetch: async (input, init) => {
        // Resumes after what was read, on the first connection as on a reconnection.
        const headers = Object.fromEntries(
          Object.entries(init.headers).filter(([name]) => name.toLowerCase() !== "last-event-id"),
        );
        const response = await fetch(input, {
          ...init,
          headers: {
            ...headers,
            ...api.authorization(),
            ...(lastSeq > 0 ? { "last-event-id": String(lastSeq) } : {}),
          },
        });
        if (response.status === 200 || response.status === 204) return response;
        refused = await ApiError.fromResponse(response);
        return new Response(null, { status: response.status });
      },
    });
    const settle = (error?: ApiError) => {
      clearTimeout(timer);
      source.close();
      if (error) reject(error);
      else resolve({ events, lastSeq, finished });
    };
    const timer = setTimeout(() => settle(), options.waitMs);

    const onEvent = (message: MessageEvent) => {
      let event: OperationEvent;
      try {
        event = JSON.parse(String(message.data)) as OperationEvent;
      } catch {
        return settle(
          new ApiError(200, "unreadable_event", `event ${message.lastEventId} is not JSON`),
        );
      }
      lastSeq = event.seq;
      if (options.keep(event)) events.push(event);
      finished = event.type === "status";
      if (finished || events.length >= options.maxEvents) settle();
    };
    for (const type of eventTypes) source.addEventListener(type, onEvent);
    source.addEventListener("open", () => {
      opened = true;
    });
    source.addEventListener("error", (error) => {
      // 204: the operation had ended and everything after `afterSeq` was read.
      if (error.code === 204) {
        finished = true;
        return settle();
      }
      if (refused) return settle(refused);
      // Never connected: say why now rather than retrying until the wait runs out.
      const cause = new Error(error.message);
      if (!opened) return settle(ApiError.unreachable(url, cause));
      // A connection that dropped after it opened is reconnected by the client itself.
      if (source.readyState === source.CLOSED) settle(ApiError.unreachable(url, cause));
    });
  });
}
