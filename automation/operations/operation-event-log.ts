import type { Journal, OperationEvent } from "../journal/journal";
import type { OperationEvents } from "./operation-events";

/**
 * One operation's events, journaled one after another and each published once it is
 * journaled. The journal answers asynchronously: appends left to run side by side could
 * be published out of seq order, and a journal on a network database could even assign
 * seqs in another order than they were asked for. Chained, streams see them as emitted.
 */
export class OperationEventLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly journal: Journal,
    private readonly events: OperationEvents,
    private readonly operationId: string,
  ) {}

  /** Journals the event after every one appended before it, then hands it to live listeners. */
  append(type: OperationEvent["type"], data: Record<string, unknown>): Promise<OperationEvent> {
    const appended = this.tail.then(async () => {
      const event = await this.journal.appendEvent(this.operationId, type, data);
      this.events.publish(event);
      return event;
    });
    // A failed append is its caller's to handle; the events after it are still journaled.
    this.tail = appended.catch(() => undefined);
    return appended;
  }

  /** Settles once every event appended so far is journaled, or failed to be. */
  async settled(): Promise<void> {
    await this.tail;
  }
}
