import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import type { Journal, WebhookAttempt } from "../journal/journal";
import type { WebhookSettings, WebhookTarget } from "./webhook-config";
import { postWebhook, type AttemptResult } from "./post-webhook";

/** One body for one webhook, journaled under `id`. */
export interface QueuedDelivery {
  id: string;
  operationId: string;
  event: string;
  target: WebhookTarget;
  body: string;
}

/** However many attempts are configured, no wait between two is longer. */
const maxRetryDelayMs = 300_000;

/**
 * Sends deliveries in the background, one at a time per webhook, so a receiver gets
 * events in the order they happened; a slow or failing receiver delays only its own.
 * Each delivery is retried with exponential backoff on failures worth retrying, and every
 * attempt is journaled. Nothing here throws to whoever queued: a notification must never
 * fail what it notifies of.
 */
export class DeliveryQueue {
  /** The last delivery queued per webhook: the next one starts after it. */
  private readonly tails = new Map<WebhookTarget, Promise<void>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly journal: Journal,
    private readonly settings: WebhookSettings,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * Journals the delivery as pending, then sends it after the webhook's earlier ones;
   * settles once it is journaled. A webhook's deliveries go out in the order they were
   * journaled, so a caller that needs an order waits for each before the next.
   */
  async enqueue(delivery: QueuedDelivery): Promise<void> {
    const { id, operationId, event, target } = delivery;
    await this.journal.recordWebhookDelivery({
      id,
      operationId,
      event,
      webhook: target.name,
      target: target.url.origin,
    });
    const tail = (this.tails.get(target) ?? Promise.resolve()).then(() => this.deliver(delivery));
    this.tails.set(target, tail);
    void tail.then(() => {
      if (this.tails.get(target) === tail) this.tails.delete(target);
    });
  }

  private async deliver(delivery: QueuedDelivery): Promise<void> {
    const { attempts: allowed, retryBaseMs, timeoutMs } = this.settings;
    let attempts = 0;
    let last: Extract<AttemptResult, { delivered: false }> | undefined;
    try {
      while (!this.stop.signal.aborted) {
        const result = await postWebhook(
          delivery.target,
          delivery,
          delivery.body,
          timeoutMs,
          this.stop.signal,
        );
        attempts += 1;
        const final = result.delivered || !result.retry || attempts >= allowed;
        await this.record(delivery, attempts, result, final);
        if (final || result.delivered) return;
        last = result;
        const wait = Math.min(retryBaseMs * 2 ** (attempts - 1), maxRetryDelayMs);
        await sleep(wait, undefined, { signal: this.stop.signal }).catch(() => undefined);
      }
      // Shut down between attempts, or before the first: journaled as not delivered.
      const lastError = `not delivered: the server shut down ${last ? `after ${attempts} attempt(s); the last: ${last.error}` : "before the first attempt"}`;
      await this.journal.updateWebhookDelivery(delivery.id, {
        state: "failed",
        attempts,
        lastStatus: last?.status,
        lastError,
      });
    } catch (error) {
      this.log.error(
        { err: error, deliveryId: delivery.id, webhook: delivery.target.name },
        "could not journal a webhook delivery",
      );
    }
  }

  private async record(
    delivery: QueuedDelivery,
    attempts: number,
    last: AttemptResult,
    final: boolean,
  ): Promise<void> {
    const attempt: WebhookAttempt = last.delivered
      ? { state: "delivered", attempts, lastStatus: last.status }
      : {
          state: final ? "failed" : "pending",
          attempts,
          lastStatus: last.status,
          lastError: last.error,
        };
    await this.journal.updateWebhookDelivery(delivery.id, attempt);
    const facts = {
      deliveryId: delivery.id,
      webhook: delivery.target.name,
      event: delivery.event,
      ...attempt,
    };
    if (last.delivered) this.log.debug(facts, "webhook delivered");
    else if (final) this.log.warn(facts, "webhook not delivered; no more attempts");
    else this.log.info(facts, "webhook attempt failed; retrying");
  }

  /**
   * Lets queued deliveries go on for `graceMs` at most, then stops them: an attempt under
   * way is aborted, and what was not delivered stays journaled as failed, with its
   * attempts. Settles once every delivery is journaled as it ended.
   */
  async close(graceMs: number): Promise<void> {
    const deadline = setTimeout(() => this.stop.abort(), graceMs);
    while (this.tails.size > 0) await Promise.all(this.tails.values());
    clearTimeout(deadline);
    this.stop.abort();
  }
}
