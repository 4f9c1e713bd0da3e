import {
  CreateInvalidationCommand,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from "@aws-sdk/client-cloudfront";
import type { AwsClients } from "../aws/aws-clients";
import type { StackOutputs } from "../domain/stack-outputs";
import type { PointerMove } from "./pointer-move";

export const webReleasePath = (release: string) => `/releases/${release}`;

/** Paths whose content changes with the release; hashed assets have new names instead. */
const freshPaths = ["/", "/index.html"];

/**
 * The live web release is the S3 origin's OriginPath: moving it changes what the
 * distribution serves without a rebuild; then the unhashed entry points are invalidated.
 */
export async function moveWebPointer(
  aws: AwsClients,
  outputs: StackOutputs,
  release: string,
  idempotencyKey: string,
): Promise<PointerMove> {
  const Id = outputs.webDistributionId;
  const current = await aws.cloudfront.send(new GetDistributionConfigCommand({ Id }));
  const config = current.DistributionConfig;
  const origin = config?.Origins?.Items?.[0];
  if (!config || !origin) throw new Error(`distribution ${Id} has no origin to point at a release`);
  const from = (origin.OriginPath ?? "").replace(/^\/releases\//, "");
  if (from === release) return { service: "web", from, to: release, moved: false };
  origin.OriginPath = webReleasePath(release);
  await aws.cloudfront.send(
    new UpdateDistributionCommand({ Id, IfMatch: current.ETag, DistributionConfig: config }),
  );
  const invalidation = await aws.cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: Id,
      InvalidationBatch: {
        CallerReference: idempotencyKey,
        Paths: { Quantity: freshPaths.length, Items: freshPaths },
      },
    }),
  );
  return {
    service: "web",
    from,
    to: release,
    moved: true,
    invalidationId: invalidation.Invalidation?.Id,
  };
}
