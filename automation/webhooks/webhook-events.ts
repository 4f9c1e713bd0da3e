import type { Operation } from "../journal/journal";

/**
 * Every event a webhook may subscribe to. A failed deploy is `deploy.rolled_back` when it
 * had moved traffic and moved the affected services back, `deploy.failed` otherwise.
 */
export const webhookEvents = [
  "deploy.succeeded",
  "deploy.skipped",
  "deploy.failed",
  "deploy.rolled_back",
  "deploy.cancelled",
  "rollback.succeeded",
  "rollback.failed",
  "rollback.cancelled",
  "release.marked_bad",
] as const;

export type WebhookEvent = (typeof webhookEvents)[number];

/** `*` is every event; elsewhere it stands for a part of one: `rollback.*`, `*.failed`. */
function patternRegExp(pattern: string): RegExp {
  if (pattern === "*") return /^.*$/;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[a-z_]*");
  return new RegExp(`^${escaped}$`);
}

/** The known events a subscription pattern names; none for a typo. */
export function eventsMatching(pattern: string): WebhookEvent[] {
  const regExp = patternRegExp(pattern);
  return webhookEvents.filter((event) => regExp.test(event));
}

export const subscribes = (patterns: string[], event: WebhookEvent): boolean =>
  patterns.some((pattern) => patternRegExp(pattern).test(event));

const isWebhookEvent = (name: string): name is WebhookEvent =>
  (webhookEvents as readonly string[]).includes(name);

/** The event an operation's ending is; none for the kinds webhooks do not hear of. */
export function outcomeEvent({ kind, status, rolledBack }: Operation): WebhookEvent | undefined {
  if (kind === "deploy" && status === "failed" && rolledBack) return "deploy.rolled_back";
  const event = `${kind}.${status}`;
  return isWebhookEvent(event) ? event : undefined;
}
