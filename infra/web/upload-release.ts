import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildWebSite } from "../../services/web/build";

export const releasePrefix = (release: string) => `releases/${release}`;

/**
 * Builds the site for one release and uploads it under its own immutable prefix.
 * Objects are retained when a later release replaces them in the program: a rollback
 * points back at an earlier prefix, which must still be there.
 */
export function uploadRelease(
  name: string,
  bucket: aws.s3.Bucket,
  gitHash: string,
  parent: pulumi.Resource,
): aws.s3.BucketObjectv2[] {
  // One directory per release: the same hash always builds to the same files and paths.
  const build = buildWebSite({ gitHash, outDir: join(tmpdir(), "flightdeck-web", gitHash) });
  return build.files.map(
    (file) =>
      new aws.s3.BucketObjectv2(
        `${name}-${gitHash}-${file.key.replaceAll("/", "-")}`,
        {
          bucket: bucket.id,
          key: `${releasePrefix(gitHash)}/${file.key}`,
          source: new pulumi.asset.FileAsset(file.path),
          contentType: file.contentType,
          cacheControl: file.cacheControl,
          tags: { Service: "web" },
        },
        { parent, retainOnDelete: true },
      ),
  );
}
