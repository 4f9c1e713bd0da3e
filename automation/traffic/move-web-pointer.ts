import {
  CreateInvalidationCommand,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from "@aws-sdk/client-cloudfront";
import type { LiveService } from "../domain/live-state";
import { journaledMove, type MoveContext } from "./journaled-move";
import type { PointerMove } from "./pointer-move";
import { webReleaseFromOriginPath } from "./read-pointer";

/** Where a web release's objects are kept in the bucket. */
export const webReleasePrefix = (release: string) => `releases/${release}`;
export const webReleasePath = (release: string) => `/${webReleasePrefix(release)}`;

/** Paths whose content changes with the release; hashed assets have new names instead. */
const freshPaths = ["/", "/index.html"];

/**
 * The live web release is the S3 origin's OriginPath: moving it changes what the
 * distribution serves without a rebuild; then the unhashed entry points are invalidated.
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
  if (from === release) return { service: "web", from, to: release, moved: false };
  origin.OriginPath = webReleasePath(release);
  await journaledMove(context, { service: "web", from, to: release, target, bad }, async () => {
    await aws.cloudfront.send(
      new UpdateDistributionCommand({ Id, IfMatch: current.ETag, DistributionConfig: config }),
    );
  });
  const move: PointerMove = { service: "web", from, to: release, moved: true };
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
