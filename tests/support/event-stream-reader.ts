import assert from "node:assert/strict";
import type { OperationEvent } from "../../automation/journal/journal";

export interface EventStreamReader {
  /** The next event, or undefined once the server has closed the stream. */
  next(): Promise<OperationEvent | undefined>;
  /** Every event still to come, once the server has closed the stream. */
  rest(): Promise<OperationEvent[]>;
}

/** The events of a whole Server-Sent Events body; comments (heartbeats) carry none. */
export function parseEventStream(text: string): OperationEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => JSON.parse(block.slice(block.indexOf("data: ") + 6)) as OperationEvent);
}

/**
 * Reads a deployment's Server-Sent Events as they arrive, so a test can wait for an
 * event before acting instead of waiting for a while.
 */
export async function readEventStream(
  url: string,
  headers: Record<string, string>,
): Promise<EventStreamReader> {
  const response = await fetch(url, { headers });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/event-stream");
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  let closed = false;

  async function next(): Promise<OperationEvent | undefined> {
    for (;;) {
      const end = buffered.indexOf("\n\n");
      if (end >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = block.split("\n").find((line) => line.startsWith("data: "));
        // Comments (heartbeats) carry no data.
        if (data) return JSON.parse(data.slice(6)) as OperationEvent;
        continue;
      }
      if (closed) return undefined;
      const chunk = await reader.read();
      if (chunk.done) closed = true;
      else buffered += decoder.decode(chunk.value as Uint8Array, { stream: true });
    }
  }

  async function rest(): Promise<OperationEvent[]> {
    const events: OperationEvent[] = [];
    for (let event = await next(); event; event = await next()) events.push(event);
    return events;
  }

  return { next, rest };
}
