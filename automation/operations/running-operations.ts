/**
 * Operations running in this process, so a cancel request or a shutdown can stop the
 * engine cleanly through its AbortSignal instead of killing it.
 */
export class RunningOperations {
  private readonly controllers = new Map<string, AbortController>();
  private readonly finished = new Map<string, Promise<void>>();
  private accepting = true;

  /** Once shutting down, no new operation starts; running ones finish or are cancelled. */
  stopAccepting(): void {
    this.accepting = false;
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Registers an operation; `done` settles when it has fully finished. */
  track(id: string, controller: AbortController, done: Promise<void>): void {
    this.controllers.set(id, controller);
    const settled = done.finally(() => {
      this.controllers.delete(id);
      this.finished.delete(id);
    });
    this.finished.set(id, settled);
  }

  ids(): string[] {
    return [...this.controllers.keys()];
  }

  isRunning(id: string): boolean {
    return this.controllers.has(id);
  }

  /** Asks a running operation to stop; false when it is not running here. */
  cancel(id: string, reason = "cancelled by request"): boolean {
    const controller = this.controllers.get(id);
    if (!controller) return false;
    controller.abort(new Error(reason));
    return true;
  }

  /** Settles when every operation now running has finished. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.finished.values()]);
  }

  cancelAll(reason: string): void {
    for (const id of this.controllers.keys()) this.cancel(id, reason);
  }

  get size(): number {
    return this.controllers.size;
  }
}
