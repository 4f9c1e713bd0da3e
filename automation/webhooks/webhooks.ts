import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Journal, Operation } from "../journal/journal";
import type { SecretMask } from "../secrets/secret-mask";
import { DeliveryQueue } from "./delivery-queue";
import type { WebhookSettings, WebhookTarget } from "./webhook-config";
import { subscribes } from "./webhook-events";
import { noticesFor } from "./webhook-payload";

export interface WebhooksOptions {
  targets: WebhookTarget[];
  settings: WebhookSettings;
  journal: Journal;
  mask: SecretMask;
  log: FastifyBaseLogger;
}

/** Signed notifications of how operations ended, to the webhooks subscribed to each event. */
export class Webhooks {
  private readonly queue: DeliveryQueue;
  /** The last notification being queued: the next one is queued after it. */
  private queuing: Promise<void> = Promise.resolve();

  constructor(private readonly options: WebhooksOptions) {
    this.queue = new DeliveryQueue(options.journal, options.settings, options.log);
  }

  /**
   * Journals a delivery per event and subscribed webhook, and sends them in the
   * background; settles once they are journaled. Called as an operation finishes, it
   * costs the operation a few journal writes and never rejects: a notification must not
   * fail or hold up what it tells of. Notifications are queued in the order asked, so
   * each webhook still gets operations in the order they finished.
   */
  notify(operation: Operation): Promise<void> {
    this.queuing = this.queuing.then(() => this.queueDeliveries(operation));
    return this.queuing;
  }

  private async queueDeliveries(operation: Operation): Promise<void> {
    const { targets, journal, mask, log } = this.options;
    if (targets.length === 0) return;
    try {
      for (const notice of noticesFor(operation, await journal.badReleases(operation.stack))) {
        for (const target of targets.filter((t) => subscribes(t.events, notice.event))) {
          const id = randomUUID();
          // The journal masked what it kept, but the mask may have learnt more since.
          const body = JSON.stringify(mask.deep({ id, ...notice }));
          await this.queue.enqueue({
            id,
            operationId: operation.id,
            event: notice.event,
            target,
            body,
          });
        }
      }
    } catch (error) {
      log.error({ err: error, operationId: operation.id }, "could not queue webhook deliveries");
    }
  }

  /**
   * Gives pending deliveries the shutdown grace, then journals the rest as not delivered.
   * Notifications still being queued are queued first, so none is left out of the count.
   */
  async close(): Promise<void> {
    await this.queuing;
    await this.queue.close(this.options.settings.shutdownGraceMs);
  }
}
