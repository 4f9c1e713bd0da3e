import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
} from "@aws-sdk/client-s3";
import type { StateBucket } from "./state-bucket";

/** A stack lock the engine keeps in the bucket, with what its JSON says about the holder. */
export interface EngineLock {
  key: string;
  pid?: number;
  hostname?: string;
  username?: string;
  timestamp?: string;
}

/** The keys of a stack's locks: .pulumi/locks/<org>/<project>/<stack>/<lock id>.json. */
export async function s3LockKeys(
  bucket: StateBucket,
  projectName: string,
  stackName: string,
): Promise<string[]> {
  const root = `${bucket.prefix}.pulumi/locks/`;
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await bucket.client.send(
      new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: root, ContinuationToken: token }),
    );
    for (const { Key } of page.Contents ?? []) {
      const [, project, stack, name, ...rest] = (Key ?? "").slice(root.length).split("/");
      if (project === projectName && stack === stackName && name?.endsWith(".json") && !rest.length)
        keys.push(Key!);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** A lock's content, or undefined when it is gone (its engine finished meanwhile). */
export async function readS3Lock(
  bucket: StateBucket,
  key: string,
): Promise<EngineLock | undefined> {
  try {
    const object = await bucket.client.send(
      new GetObjectCommand({ Bucket: bucket.bucket, Key: key }),
    );
    const text = (await object.Body?.transformToString()) ?? "{}";
    try {
      return { ...(JSON.parse(text) as Omit<EngineLock, "key">), key };
    } catch {
      return { key };
    }
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

/**
 * Which version of the stack's checkpoint the bucket holds (key, ETag and time of its
 * last write), or "none": an engine still running writes it as it goes, so a version
 * that stays the same says no engine is writing.
 */
export async function checkpointVersion(
  bucket: StateBucket,
  projectName: string,
  stackName: string,
): Promise<string> {
  const key = `${bucket.prefix}.pulumi/stacks/${projectName}/${stackName}.json`;
  const page = await bucket.client.send(
    new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: key }),
  );
  // The checkpoint, gzipped or not; not its .bak copy.
  const checkpoint = (page.Contents ?? []).find((o) => o.Key === key || o.Key === `${key}.gz`);
  if (!checkpoint) return "none";
  return `${checkpoint.Key} ${checkpoint.ETag} ${checkpoint.LastModified?.toISOString()}`;
}

export async function removeS3Lock(bucket: StateBucket, key: string): Promise<void> {
  await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.bucket, Key: key }));
}
