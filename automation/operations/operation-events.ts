import { EventEmitter } from "node:events";
import type { OperationEvent } from "../journal/journal";

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

  /** Signals listeners that no more events will come for this operation. */
  end(operationId: string): void {
    this.emitter.emit(`${operationId}:end`);
  }

  subscribe(
    operationId: string,
    onEvent: (event: OperationEvent) => void,
    onEnd: () => void,
  ): () => void {
    this.emitter.on(operationId, onEvent);
    this.emitter.once(`${operationId}:end`, onEnd);
    return () => {
      this.emitter.off(operationId, onEvent);
      this.emitter.off(`${operationId}:end`, onEnd);
    };
  }
}
