import { HttpError } from "../../plugins/http-error";

export interface StreamLimits {
  /** Streams one token may hold open at once. */
  perToken: number;
  /** Streams the server holds open at once, whoever asked. */
  total: number;
}

/** What a client refused a stream is told to wait before asking again. */
export const streamRetryAfterSeconds = 10;

/**
 * Counts the event streams open per token and in all. Each holds a connection, a
 * heartbeat timer and a listener for as long as its operation runs, so without a cap one
 * read token could hold the server's connections.
 */
export class StreamSlots {
  private readonly byToken = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: StreamLimits) {}

  /**
   * Takes a slot for the token named `token`, or throws 429 `too_many_streams` when it or
   * the server is at its cap. The answer releases the slot, once however often it is called.
   */
  take(token: string): () => void {
    const held = this.byToken.get(token) ?? 0;
    if (held >= this.limits.perToken) {
      throw tooManyStreams(
        `token "${token}" already has ${held} event streams open, its limit; close one or retry later`,
        { limit: this.limits.perToken, scope: "token" },
      );
    }
    if (this.total >= this.limits.total) {
      throw tooManyStreams(
        `the server already has ${this.total} event streams open, its limit; retry later`,
        { limit: this.limits.total, scope: "server" },
      );
    }
    this.byToken.set(token, held + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.byToken.get(token) ?? 1) - 1;
      if (left > 0) this.byToken.set(token, left);
      else this.byToken.delete(token);
    };
  }
}

const tooManyStreams = (message: string, details: { limit: number; scope: string }) =>
  new HttpError(429, "too_many_streams", message, details);
