import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { CreateInvalidationCommand, GetInvalidationCommand } from "@aws-sdk/client-cloudfront";
import type { AwsClients } from "../aws/aws-clients";
import type { InvalidationRecord, Journal } from "../journal/journal";
import { conflict } from "../domain/domain-error";

export type InvalidationStatus = "InProgress" | "Completed";

/** The emulator answers COMPLETED, CloudFront Completed: compared without regard to case. */
const normalizeStatus = (status: string | undefined): InvalidationStatus =>
  status?.toLowerCase() === "completed" ? "Completed" : "InProgress";

/**
 * The key a request gets when it names none: the same paths for the same live web release
 * are one invalidation, so a retried request finds the first; a new release gets a new one.
 */
export function defaultIdempotencyKey(input: {
  stack: string;
  distributionId: string;
  webRelease: string;
  paths: string[];
}): string {
  const digest = createHash("sha256").update(JSON.stringify(input)).digest("hex");
  return `flightdeck-${digest.slice(0, 40)}`;
}

export async function invalidationStatus(
  aws: AwsClients,
  record: Pick<InvalidationRecord, "distributionId" | "id">,
): Promise<InvalidationStatus> {
  const found = await aws.cloudfront.send(
    new GetInvalidationCommand({ DistributionId: record.distributionId, Id: record.id }),
  );
  return normalizeStatus(found.Invalidation?.Status);
}

/**
 * Creates the invalidation once per idempotency key: a repeat answers with the first one.
 * The key is also CloudFront's CallerReference, so even a request whose journal write was
 * lost gets the same invalidation back from CloudFront on retry.
 */
export async function requestInvalidation(input: {
  aws: AwsClients;
  journal: Journal;
  stack: string;
  distributionId: string;
  paths: string[];
  idempotencyKey: string;
  requestedBy: string;
}): Promise<{ record: InvalidationRecord; created: boolean; status: InvalidationStatus }> {
  const { aws, journal, stack, idempotencyKey } = input;
  const earlier = await journal.findInvalidation(stack, { idempotencyKey });
  if (earlier) {
    if (JSON.stringify(earlier.paths) !== JSON.stringify(input.paths)) {
      throw conflict(
        "idempotency_key_reused",
        `idempotency key ${idempotencyKey} was used for invalidation ${earlier.id} of other paths`,
        { invalidationId: earlier.id, paths: earlier.paths },
      );
    }
    return { record: earlier, created: false, status: await invalidationStatus(aws, earlier) };
  }
  const created = await aws.cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: input.distributionId,
      InvalidationBatch: {
        CallerReference: idempotencyKey,
        Paths: { Quantity: input.paths.length, Items: input.paths },
      },
    }),
  );
  const id = created.Invalidation?.Id;
  if (!id) throw new Error("CloudFront created an invalidation without an id");
  const record: InvalidationRecord = {
    stack,
    id,
    idempotencyKey,
    distributionId: input.distributionId,
    paths: input.paths,
    requestedBy: input.requestedBy,
    createdAt: new Date().toISOString(),
  };
  try {
    await journal.saveInvalidation(record);
  } catch (error) {
    // The same request, twice at once: the first to journal it wins; both answer with it.
    const winner = await journal.findInvalidation(stack, { idempotencyKey });
    if (!winner) throw error;
    return { record: winner, created: false, status: await invalidationStatus(aws, winner) };
  }
  return { record, created: true, status: normalizeStatus(created.Invalidation?.Status) };
}

/** Polls GetInvalidation until Completed or the bound passes; returns the last status seen. */
export async function waitForInvalidation(
  aws: AwsClients,
  record: Pick<InvalidationRecord, "distributionId" | "id">,
  settings: { timeoutMs: number; pollMs: number },
  signal: AbortSignal,
): Promise<{ status: InvalidationStatus; polls: number }> {
  const deadline = Date.now() + settings.timeoutMs;
  for (let polls = 1; ; polls++) {
    const status = await invalidationStatus(aws, record);
    if (status === "Completed" || Date.now() + settings.pollMs > deadline) return { status, polls };
    await sleep(settings.pollMs, undefined, { signal });
  }
}
