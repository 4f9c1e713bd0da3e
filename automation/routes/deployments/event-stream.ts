import type { ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import type { OperationEvent } from "../../journal/journal";
import type { SharedDeploymentDeps } from "./deployment-routes-deps";
import { finalEventSeq } from "./final-event";

/** Keeps proxies and clients from timing out an idle stream. */
const heartbeatMs = 15_000;
/** Events read from the journal at a time: an operation's whole history is never held at once. */
export const replayPageSize = 500;

const format = (event: OperationEvent) =>
  `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Writes one operation's events to a Server-Sent Events response: what the journal holds
 * after `afterSeq`, then live events, and ends once the operation has finished. Returns
 * a function that ends the stream early (client gone, server closing).
 *
 * The journal is the source of truth and an event is journaled before it is published,
 * so whenever a live event does not follow the last one sent, the gap is read from the
 * journal: nothing is skipped and nothing sent twice, whatever the timing. The journal
 * is read a page at a time, and only as fast as the client takes what was written: a
 * live event that finds the client behind is left in the journal for the next page.
 */
export function streamOperationEvents(
  raw: ServerResponse,
  { journal, runningOperations, operationEvents, followers }: SharedDeploymentDeps,
  id: string,
  afterSeq: number,
  log: FastifyBaseLogger,
): () => void {
  let lastSent = afterSeq;
  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  let replaying: Promise<void> | undefined;
  let replayAgain = false;

  let unfollow = () => {};
  const end = () => {
    if (ended) return;
    ended = true;
    for (const timer of timers) clearInterval(timer);
    unsubscribe();
    unfollow();
    raw.end();
  };
  // A failing read (the journal closing under a shutdown) ends this stream, nothing else.
  const fail = (error: unknown) => {
    log.warn({ err: error, operationId: id }, "ended an event stream that could not read on");
    end();
  };
  // What `write` answered, as Node's stream contract has it: false means wait for `drain`.
  // (`writableNeedDrain` is cleared only by an HTTP server's socket, not by an injected one.)
  let backlogged = false;
  const send = (event: OperationEvent) => {
    lastSent = event.seq;
    if (!raw.write(format(event))) backlogged = true;
  };
  // A drain may come while nothing waits for it (a live event filled the buffer).
  raw.on("drain", () => (backlogged = false));
  /** Settles once the client has taken what was written, or is gone. */
  const drained = () =>
    new Promise<void>((resolve) => {
      if (!backlogged || ended || raw.destroyed) return resolve();
      const done = () => {
        raw.off("drain", done);
        raw.off("close", done);
        resolve();
      };
      raw.on("drain", done);
      raw.on("close", done);
    });

  const replayPages = async () => {
    for (;;) {
      const page = await followers.listEvents(id, lastSent, replayPageSize);
      for (const event of page) {
        if (backlogged) await drained();
        if (ended) return;
        send(event);
      }
      if (page.length < replayPageSize) return;
    }
  };
  /**
   * Sends everything the journal holds after the last event sent. One replay runs at a
   * time; asked again meanwhile, it reads on once more before it settles.
   */
  const catchUp = (): Promise<void> => {
    replayAgain = true;
    replaying ??= (async () => {
      // Yields first, so that `replaying` is set before this can finish and clear it.
      await Promise.resolve();
      try {
        while (replayAgain && !ended) {
          replayAgain = false;
          await replayPages();
        }
      } catch (error) {
        fail(error);
      } finally {
        replaying = undefined;
      }
    })();
    return replaying;
  };
  /** Ends the stream once the operation's last event has been sent. */
  const endIfComplete = async () => {
    if (ended) return;
    try {
      // The operation before its latest event: its final status event is journaled after it ends.
      const operation = await journal.getOperation(id);
      const final = operation && finalEventSeq(operation, await journal.latestEvent(id));
      if (final !== undefined && lastSent >= final) end();
    } catch (error) {
      fail(error);
    }
  };

  const onLive = (event: OperationEvent) => {
    if (ended || event.seq <= lastSent) return;
    if (!replaying && !backlogged && event.seq === lastSent + 1) send(event);
    else void catchUp();
  };
  const onEnd = () => void catchUp().then(end);
  // Another instance runs it and the journal announced an event: read it at once.
  const onElsewhere = (seq: number) => {
    if (ended || seq <= lastSent) return;
    void catchUp().then(endIfComplete);
  };

  // Subscribe before replaying, so nothing published in between is missed.
  unsubscribe = operationEvents.subscribe(id, onLive, onEnd, onElsewhere);
  raw.once("close", end);
  timers.push(
    setInterval(() => {
      // A client that has not taken the last events needs no keep-alive on top.
      if (!backlogged) raw.write(": heartbeat\n\n");
    }, heartbeatMs),
  );
  void catchUp().then(async () => {
    await endIfComplete();
    // Not over, and not running in this process: another instance sharing the journal
    // runs it (or ran it, and its final event is on its way), or it is about to be
    // tracked here. Its events reach this process only through the journal: announced
    // by it where it can (onElsewhere), and read again every second whatever was missed,
    // by one reader for all the streams following it (journal-followers.ts).
    if (!ended && !runningOperations.isRunning(id)) unfollow = followers.follow(id);
  });

  return end;
}
