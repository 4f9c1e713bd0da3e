import { rolloutStepName } from "../domain/rollout-command";
import type { BadRelease, Operation } from "../journal/journal";
import { outcomeEvent, type WebhookEvent } from "./webhook-events";

const durationMs = (from: string | undefined, to: string | undefined) =>
  from && to ? Date.parse(to) - Date.parse(from) : undefined;

/** What a receiver learns of the operation: what a chat line or an incident needs, and a link. */
function operationSummary(operation: Operation) {
  const { id, stack, kind, status, rolledBack, requestedBy, createdAt, finishedAt } = operation;
  return {
    id,
    stack,
    kind,
    status,
    rolledBack,
    requestedBy,
    commit: operation.commit,
    releaseTag: operation.releaseTag,
    affectedServices: operation.affectedServices,
    versions: operation.versions,
    error: operation.error,
    summary: operation.summary,
    createdAt,
    finishedAt,
    durationMs: durationMs(createdAt, finishedAt),
    steps: operation.steps.map((step) => ({
      name: step.name,
      status: step.status,
      durationMs: durationMs(step.startedAt, step.finishedAt),
      // A rollout's weights, how far it got and its last judgement with the numbers.
      ...(step.name === rolloutStepName && step.detail ? { detail: step.detail } : {}),
    })),
    /** The operation's page in the API, relative to the server's address. */
    link: `/deployments/${id}`,
  };
}

/** What one event says, the same to every webhook that hears of it: the body but its id. */
export interface Notice {
  event: WebhookEvent;
  /** One line, ready for a chat tool's incoming webhook (Slack's `text`). */
  text: string;
  operation: ReturnType<typeof operationSummary>;
  /** The release marked bad, for `release.marked_bad`. */
  release?: { tag: number; services: string[]; reason: string; by: string; at: string };
}

/** Chat tools read `<`, `>` and `&` as markup: an error message must not become a link. */
const plain = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

const servicesOf = (services: string[]) => (services.length > 0 ? ` (${services.join(", ")})` : "");

/** The operation as a chat line names it: "deploy #18 of production", "rollback of production to #17". */
function named({ kind, stack, releaseTag }: Operation): string {
  if (releaseTag === undefined) return `${kind} of ${stack}`;
  return kind === "rollback"
    ? `${kind} of ${stack} to #${releaseTag}`
    : `${kind} #${releaseTag} of ${stack}`;
}

/** e.g. "flightdeck: deploy #18 of production succeeded (api, web) by ci". */
function operationText(operation: Operation): string {
  const { status, rolledBack, error } = operation;
  const outcome =
    status === "failed" && rolledBack
      ? "failed and was rolled back"
      : status === "cancelled"
        ? "was cancelled"
        : status;
  // A cancellation's error only repeats that it was cancelled.
  const why = error && status !== "cancelled" ? `: ${error.message}` : "";
  return plain(
    `flightdeck: ${named(operation)} ${outcome}${servicesOf(operation.affectedServices)} by ${operation.requestedBy}${why}`,
  );
}

/** One `release.marked_bad` per release the operation marked bad, with the services it was for. */
function badReleaseNotices(
  operation: Operation,
  bad: BadRelease[],
  summary: Notice["operation"],
): Notice[] {
  const marked = bad.filter((mark) => mark.operationId === operation.id);
  const tags = [...new Set(marked.map((mark) => mark.tag))];
  return tags.map((tag) => {
    const marks = marked.filter((mark) => mark.tag === tag);
    const { reason, by, at } = marks[0]!;
    const services = marks.map((mark) => mark.service);
    return {
      event: "release.marked_bad",
      text: plain(
        `flightdeck: release #${tag} of ${operation.stack} marked bad${servicesOf(services)} by ${by}: ${reason}`,
      ),
      operation: summary,
      release: { tag, services, reason, by, at },
    };
  });
}

/**
 * What a finished operation tells webhooks: its ending, then each release it marked bad.
 * `bad` is the stack's bad releases; those this operation marked are picked out.
 */
export function noticesFor(operation: Operation, bad: BadRelease[]): Notice[] {
  const event = outcomeEvent(operation);
  if (!event) return [];
  const summary = operationSummary(operation);
  return [
    { event, text: operationText(operation), operation: summary },
    ...badReleaseNotices(operation, bad, summary),
  ];
}
