import type { ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import type { OperationEvent } from "../../journal/journal";
import type { DeploymentRoutesDeps } from "./deployment-routes-deps";

/** Keeps proxies and clients from timing out an idle stream. */
const heartbeatMs = 15_000;
/** How often a stream re-reads the journal for an operation this process is not running. */
const journalPollMs = 1_000;

const format = (event: OperationEvent) =>
  `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Writes one operation's events to a Server-Sent Events response: what the journal holds
 * after `afterSeq`, then live events, and ends once the operation has finished. Returns
 * a function that ends the stream early (client gone, server closing).
 *
 * The journal is the source of truth and an event is journaled before it is published,
 * so whenever a live event does not follow the last one sent, the gap is read from the
 * journal: nothing is skipped and nothing sent twice, whatever the timing.
 */
export function streamOperationEvents(
  raw: ServerResponse,
  { journal, runningOperations, operationEvents }: DeploymentRoutesDeps,
  id: string,
  afterSeq: number,
  log: FastifyBaseLogger,
): () => void {
  let lastSent = afterSeq;
  let lastType: OperationEvent["type"] | undefined;
  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};

  const end = () => {
    if (ended) return;
    ended = true;
    for (const timer of timers) clearInterval(timer);
    unsubscribe();
    raw.end();
  };
  const write = (event: OperationEvent) => {
    lastSent = event.seq;
    lastType = event.type;
    raw.write(format(event));
  };
  const catchUp = () => {
    for (const event of journal.listEvents(id, lastSent)) write(event);
  };
  // A failing read (the journal closing under a shutdown) ends this stream, nothing else.
  const guarded = (step: () => void) => () => {
    if (ended) return;
    try {
      step();
    } catch (error) {
      log.warn({ err: error, operationId: id }, "ended an event stream that could not read on");
      end();
    }
  };

  const onLive = (event: OperationEvent) =>
    guarded(() => {
      if (event.seq <= lastSent) return;
      if (event.seq === lastSent + 1) write(event);
      else catchUp();
    })();
  const onEnd = guarded(() => {
    catchUp();
    end();
  });
  let finishedPolls = 0;
  const followJournal = guarded(() => {
    const finished = journal.getOperation(id)?.status !== "running";
    catchUp();
    // The final status event is journaled just after the status itself: allow one more
    // poll for it unless it has already been sent.
    if (finished && (lastType === "status" || ++finishedPolls > 1)) end();
  });

  // Subscribe before replaying, so nothing published in between is missed.
  unsubscribe = operationEvents.subscribe(id, onLive, onEnd);
  raw.once("close", end);
  timers.push(setInterval(() => raw.write(": heartbeat\n\n"), heartbeatMs));
  guarded(() => {
    const finished = journal.getOperation(id)?.status !== "running";
    catchUp();
    if (finished) return end();
    // Running, but not in this process: another instance sharing the journal, or one
    // about to be tracked here. Its events reach this process only through the journal.
    if (!runningOperations.isRunning(id)) timers.push(setInterval(followJournal, journalPollMs));
  })();

  return end;
}
