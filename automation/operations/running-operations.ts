/**
 * Operations running in this process, so a cancel request or a shutdown can stop the
 * engine cleanly through its AbortSignal instead of killing it.
 */
export class RunningOperations {
  private readonly controllers = new Map<string, AbortController>();
  private readonly finished = new Map<string, Promise<void>>();
  private readonly unended = new Map<string, { end: () => Promise<void>; failures: number }>();
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

  /**
   * An operation that stopped running but whose end could not be journaled: `end`
   * journals it again. Its lease is kept while it is retried.
   */
  endLater(id: string, end: () => Promise<void>): void {
    this.unended.set(id, { end, failures: 0 });
  }

  /** What this instance holds leases on: what runs, and ends still to be journaled. */
  leased(): string[] {
    return [...this.controllers.keys(), ...this.unended.keys()];
  }

  /**
   * Journals the ends still owed, once each. One that keeps failing is given up after
   * `attempts`: its lease then lapses, and the operation is recovered as interrupted,
   * its stack freed, rather than held for as long as the write fails.
   */
  async retryEnds(attempts: number, onError: (id: string, error: unknown) => void): Promise<void> {
    for (const [id, owed] of this.unended) {
      try {
        await owed.end();
        this.unended.delete(id);
      } catch (error) {
        onError(id, error);
        if (++owed.failures >= attempts) this.unended.delete(id);
      }
    }
  }

  /** Forgets an end owed: another instance settled the operation. */
  forget(id: string): void {
    this.unended.delete(id);
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
