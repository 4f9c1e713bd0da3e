import type { Journal, OperationEvent } from "../../journal/journal";
import type { OperationEvents } from "../../operations/operation-events";
import { finalEventSeq } from "./final-event";

interface Followed {
  streams: number;
  timer: NodeJS.Timeout;
  /** The newest seq announced to the streams. */
  seen: number;
  polling: boolean;
}

/**
 * One journal reader per operation that runs elsewhere, however many streams here follow
 * it: many clients watching one deploy cost one poll a second, not one each, and their
 * pages are read once when they ask for the same one at once. Connections are then left
 * for requests and the journal's other work, whatever the number of viewers.
 */
export class JournalFollowers {
  private readonly followed = new Map<string, Followed>();
  private readonly reads = new Map<string, Promise<OperationEvent[]>>();

  constructor(
    private readonly journal: Pick<Journal, "latestEvent" | "listEvents" | "getOperation">,
    private readonly operationEvents: OperationEvents,
    private readonly pollMs: number,
  ) {}

  /**
   * Polls the operation while any stream follows it: announces a new event as
   * PostgreSQL's notifications do (`journaledElsewhere`), in case one was missed, and
   * that no more will come once its last event is known (`end`), so its streams end even
   * when a final status event never came. Answers the function that stops following.
   */
  follow(id: string): () => void {
    let followed = this.followed.get(id);
    if (!followed) {
      const timer = setInterval(() => void this.poll(id), this.pollMs);
      followed = { streams: 0, timer, seen: 0, polling: false };
      this.followed.set(id, followed);
    }
    followed.streams++;
    const entry = followed;
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--entry.streams > 0) return;
      clearInterval(entry.timer);
      this.followed.delete(id);
    };
  }

  /** A page of events; streams asking for the same page at once share one read. */
  listEvents(id: string, afterSeq: number, limit: number): Promise<OperationEvent[]> {
    const key = `${id}:${afterSeq}:${limit}`;
    let read = this.reads.get(key);
    if (!read) {
      read = this.journal.listEvents(id, afterSeq, limit).finally(() => this.reads.delete(key));
      this.reads.set(key, read);
    }
    return read;
  }

  private async poll(id: string): Promise<void> {
    const followed = this.followed.get(id);
    if (!followed || followed.polling) return;
    followed.polling = true;
    try {
      // The operation before its latest event: its final status event comes after it ends.
      const operation = await this.journal.getOperation(id);
      const latest = await this.journal.latestEvent(id);
      if (latest && latest.seq > followed.seen) {
        followed.seen = latest.seq;
        this.operationEvents.journaledElsewhere(id, latest.seq);
      }
      if (operation && finalEventSeq(operation, latest) !== undefined) this.operationEvents.end(id);
    } catch {
      // The next poll, or a notification, tells; a stream never depends on one poll.
    } finally {
      followed.polling = false;
    }
  }
}
