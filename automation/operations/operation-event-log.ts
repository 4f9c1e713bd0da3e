import type { Journal, NewEvent, OperationEvent } from "../journal/journal";
import type { OperationEvents } from "./operation-events";

interface Pending extends NewEvent {
  journaled(event: OperationEvent): void;
  refused(error: unknown): void;
}

/**
 * One operation's events, journaled in the order they were emitted and each published
 * once it is journaled. The journal answers asynchronously: appends left to run side by
 * side could be published out of seq order, and a journal on a network database could
 * even assign seqs in another order than they were asked for, so batches run one after
 * another. Events emitted while the loop turns (the engine reports many per read of its
 * log) go to the journal together, in one transaction rather than one each: `up` emits
 * hundreds, and a deploy should cost little more than `up` alone.
 */
export class OperationEventLog {
  private pending: Pending[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly journal: Journal,
    private readonly events: OperationEvents,
    private readonly operationId: string,
  ) {}

  /**
   * Journals the event after every one appended before it, then hands it to live
   * listeners. It fails if its batch could not be journaled; later events still are.
   */
  append(type: OperationEvent["type"], data: Record<string, unknown>): Promise<OperationEvent> {
    return new Promise((journaled, refused) => {
      this.pending.push({ type, data, journaled, refused });
      if (this.pending.length === 1) this.tail = this.tail.then(() => this.flush());
    });
  }

  /** Settles once every event appended so far is journaled, or failed to be. */
  async settled(): Promise<void> {
    await this.tail;
  }

  private async flush(): Promise<void> {
    // The rest of this turn's events join the batch.
    await new Promise(setImmediate);
    const batch = this.pending.splice(0);
    try {
      const appended = await this.journal.appendEvents(
        this.operationId,
        batch.map(({ type, data }) => ({ type, data })),
      );
      appended.forEach((event, i) => {
        this.events.publish(event);
        batch[i]!.journaled(event);
      });
    } catch (error) {
      for (const event of batch) event.refused(error);
    }
  }
}
