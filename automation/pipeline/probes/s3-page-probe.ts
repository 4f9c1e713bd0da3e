import { GetObjectCommand, NoSuchKey, type S3Client } from "@aws-sdk/client-s3";
import { hashIn } from "./http-probe";
import type { Observation, Probe } from "./probe";

/**
 * Reads a web release's index.html straight from its private bucket: the page a new
 * release would serve, checked before the distribution points at it.
 */
export function s3PageProbe(s3: S3Client, bucket: string, key: string): Probe {
  return async (signal): Promise<Observation> => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      });
      return { status: 200, hash: hashIn("web", (await object.Body?.transformToString()) ?? "") };
    } catch (error) {
      if (error instanceof NoSuchKey) return { status: 404, hash: "" };
      throw error;
    }
  };
}
