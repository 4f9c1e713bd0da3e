import { EventEmitter } from "node:events";
import type { Operation, OperationEvent } from "../journal/journal";

/** Not a UUID, so no operation's own channel can be named so. */
const finishedChannel = "operation-finished";

/**
 * Live fan-out of journaled events to listeners (SSE streams). The journal stays the
 * source of truth: a listener replays from it, then follows here.
 */
export class OperationEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; many streams may follow one operation.
    this.emitter.setMaxListeners(0);
  }

  publish(event: OperationEvent): void {
    this.emitter.emit(event.operationId, event);
  }

  /** Tells listeners that another instance journaled this operation's event `seq`. */
  journaledElsewhere(operationId: string, seq: number): void {
    this.emitter.emit(`${operationId}:elsewhere`, seq);
  }

  /** Signals listeners that no more events will come for this operation. */
  end(operationId: string): void {
    this.emitter.emit(`${operationId}:end`);
  }

  /** Hands an operation this process finished, as journaled, to `onFinished` listeners. */
  finished(operation: Operation): void {
    this.emitter.emit(finishedChannel, operation);
  }

  /** Follows every operation this process finishes (webhooks); listeners must not throw. */
  onFinished(listener: (operation: Operation) => void): void {
    this.emitter.on(finishedChannel, listener);
  }

  subscribe(
    operationId: string,
    onEvent: (event: OperationEvent) => void,
    onEnd: () => void,
    onElsewhere: (seq: number) => void = () => {},
  ): () => void {
    this.emitter.on(operationId, onEvent);
    this.emitter.once(`${operationId}:end`, onEnd);
    this.emitter.on(`${operationId}:elsewhere`, onElsewhere);
    return () => {
      this.emitter.off(operationId, onEvent);
      this.emitter.off(`${operationId}:end`, onEnd);
      this.emitter.off(`${operationId}:elsewhere`, onElsewhere);
    };
  }
}
