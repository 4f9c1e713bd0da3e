/** One Server-Sent Event: its id, type (`event:`) and data lines joined. */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Splits a `text/event-stream` body, fed in chunks as they arrive, into events (the
 * WHATWG format: blank-line separated blocks, `field: value` lines, `:` comments such as
 * the server's heartbeats). A chunk may end anywhere, even inside a line.
 */
export class SseParser {
  private buffer = "";

  push(chunk: string): ServerSentEvent[] {
    const text = this.buffer + chunk;
    // A CR at the end may be the first half of a CRLF: it waits for the next chunk.
    const held = text.endsWith("\r") ? "\r" : "";
    const blocks = text
      .slice(0, text.length - held.length)
      .replace(/\r\n?/g, "\n")
      .split("\n\n");
    this.buffer = (blocks.pop() ?? "") + held;
    return blocks.flatMap((block) => {
      const event = parseBlock(block);
      return event ? [event] : [];
    });
  }
}

function parseBlock(block: string): ServerSentEvent | undefined {
  let id: string | undefined;
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") id = value;
    else if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return undefined;
  return { ...(id === undefined ? {} : { id }), event, data: data.join("\n") };
}
