import { z } from "zod";
import type { ApiClient } from "../../client/api-client";
import { followEvents } from "../../client/follow-events";
import type { OperationEventView } from "../../client/types";
import { deploymentIdInput } from "../schemas";
import { defineTool } from "../tool-kit";

const eventType = z.enum(["step", "log", "status", "engine"]);

const output = z.object({
  deploymentId: z.string(),
  events: z.array(
    z.object({
      operationId: z.string(),
      seq: z.number().int(),
      at: z.string(),
      type: eventType,
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  lastSeq: z.number().int().describe("pass as afterSeq to read on from here"),
  finished: z.boolean().describe("the operation has ended and every event was read"),
});

/**
 * Reads an operation's events for a bounded while: a tool call must answer, so it stops
 * at the final event, after `maxEvents` kept, or when `waitMs` runs out, and says where
 * to resume (the seq of the last event read, kept or not).
 */
async function readEvents(
  api: ApiClient,
  operationId: string,
  options: {
    afterSeq: number;
    waitMs: number;
    maxEvents: number;
    keep: (event: OperationEventView) => boolean;
  },
) {
  const events: OperationEventView[] = [];
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), options.waitMs);
  try {
    const followed = await followEvents(
      api,
      operationId,
      (event) => {
        if (options.keep(event)) events.push(event);
        if (events.length >= options.maxEvents) stop.abort();
      },
      { signal: stop.signal, afterSeq: options.afterSeq },
    );
    return { events, ...followed };
  } finally {
    clearTimeout(timer);
  }
}

export const deploymentEventsTool = defineTool({
  name: "deployment_events",
  scope: "read",
  title: "An operation's events",
  description:
    "What happened in an operation, in order: step changes (with durations and details such as verification " +
    "retries), command output (log), Pulumi engine events (only when asked for in `types`: there are many) and the " +
    "final status. Waits up to waitSeconds for new events while the operation runs, then answers with what came; " +
    "call again with afterSeq = lastSeq to read on until finished is true. Read-only.",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: {
    deploymentId: deploymentIdInput,
    afterSeq: z.number().int().min(0).default(0).describe("read the events after this seq"),
    waitSeconds: z
      .number()
      .int()
      .min(1)
      // Below the usual client request timeout of a minute.
      .max(45)
      .default(15)
      .describe("how long to wait for events while the operation runs"),
    types: z
      .array(eventType)
      .min(1)
      .default(["step", "log", "status"])
      .describe("the event types to return; add engine for each resource the engine touched"),
    maxEvents: z.number().int().min(1).max(500).default(100).describe("answer after this many"),
  },
  output,
  async run({ deploymentId, afterSeq, waitSeconds, types, maxEvents }, api) {
    const read = await readEvents(api, deploymentId, {
      afterSeq,
      waitMs: waitSeconds * 1000,
      maxEvents,
      keep: (event) => types.includes(event.type),
    });
    const state = read.finished
      ? "the operation has ended; nothing more will come"
      : `more may come: call again with afterSeq ${read.lastSeq}`;
    return {
      result: { deploymentId, ...read },
      summary: `${read.events.length} event(s) up to seq ${read.lastSeq}; ${state}`,
    };
  },
});
