import {
  CreateInvalidationCommand,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from "@aws-sdk/client-cloudfront";
import type { LiveService } from "../domain/live-state";
import { journaledMove, type MoveContext } from "./journaled-move";
import type { PointerMove } from "./pointer-move";
import { webReleaseFromOriginPath } from "./read-pointer";
import { putWebCohort } from "./set-web-cohort";
import { readWebCohort } from "./web-cohort";

/** Where a web release's objects are kept in the bucket. */
export const webReleasePrefix = (release: string) => `releases/${release}`;
export const webReleasePath = (release: string) => `/${webReleasePrefix(release)}`;

/** Paths whose content changes with the release; hashed assets have new names instead. */
const freshPaths = ["/", "/index.html"];

/**
 * The live web release is the S3 origin's OriginPath: moving it changes what the
 * distribution serves without a rebuild; then the unhashed entry points are invalidated.
 * A cohort canary's weight is emptied in the same move, so every viewer gets `target`.
 * The move is recorded once the distribution took it: an invalidation that fails after
 * it is reported with the move, never as a move that did not happen.
 */
export async function moveWebPointer(
  context: MoveContext,
  target: LiveService,
  idempotencyKey: string,
  bad?: Parameters<typeof journaledMove>[1]["bad"],
): Promise<PointerMove> {
  const { aws, outputs } = context;
  const release = target.pointer;
  const Id = outputs.webDistributionId;
  const current = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id }));
  const config = current.DistributionConfig;
  const origin = config?.Origins?.Items?.[0];
  if (!config || !origin) throw new Error(`distribution ${Id} has no origin to point at a release`);
  const from = webReleaseFromOriginPath(origin.OriginPath);
  // A cohort on another release is part of what viewers get: the move empties it too.
  const store = outputs.webCohortStoreArn ? await readWebCohort(aws, outputs) : undefined;
  const cohort = store?.cohort && store.cohort.weight > 0 ? store.cohort : undefined;
  if (from === release && !cohort) return { service: "web", from, to: release, moved: false };
  origin.OriginPath = webReleasePath(release);
  const intent = {
    service: "web" as const,
    from,
    to: release,
    target: { ...target, weights: undefined },
    bad,
  };
  await journaledMove(context, intent, async () => {
    if (from !== release)
      await aws.cloudfront.send(
        new UpdateDistributionCommand({ Id, IfMatch: current.ETag, DistributionConfig: config }),
      );
    if (cohort) await putWebCohort(context, { ...cohort, weight: 0 }, store!.etag);
  });
  const move: PointerMove = { service: "web", from, to: release, moved: true };
  if (from === release) return move;
  try {
    const invalidation = await aws.cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: Id,
        InvalidationBatch: {
          CallerReference: idempotencyKey,
          Paths: { Quantity: freshPaths.length, Items: freshPaths },
        },
      }),
    );
    return { ...move, invalidationId: invalidation.Invalidation?.Id };
  } catch (error) {
    return { ...move, invalidationError: error instanceof Error ? error.message : String(error) };
  }
}
