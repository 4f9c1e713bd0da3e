import { fileURLToPath } from "node:url";
import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { writableDir } from "../fs/writable-dir";
import { briefly, failed, passed, type CheckResult } from "./check-result";

/** The backend URL without what may carry credentials or tokens (user info, query). */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

async function fileBackend(url: URL): Promise<CheckResult> {
  const dir = fileURLToPath(`file://${url.pathname}`);
  const result = await writableDir(dir);
  if (!result.ok) {
    return failed(
      "state-backend",
      `the file state backend ${dir} is not writable: ${result.reason}`,
      `give the server's user write access to ${dir}, or set FLIGHTDECK_STATE_URL to a backend it can write`,
    );
  }
  return passed(
    "state-backend",
    result.exists ? `${shown(url)} is writable` : `${shown(url)} will be created on first use`,
  );
}

/** One HeadBucket through the server's own S3 client: its credentials, region and endpoint. */
async function s3Backend(url: URL, s3: S3Client): Promise<CheckResult> {
  const bucket = url.hostname;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }), {
      abortSignal: AbortSignal.timeout(10_000),
    });
    return passed("state-backend", `${shown(url)} is reachable`);
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) {
      return failed(
        "state-backend",
        `the state bucket ${bucket} does not exist`,
        `aws s3 mb s3://${bucket}, or set FLIGHTDECK_STATE_URL to an existing bucket`,
      );
    }
    if (status === 403) {
      return failed(
        "state-backend",
        `access to the state bucket ${bucket} is denied`,
        `allow the server's AWS identity s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on ${bucket}`,
      );
    }
    return failed(
      "state-backend",
      `the state bucket ${bucket} did not answer: ${briefly(error)}`,
      "check the AWS credentials (see aws-credentials), the region and the network route to S3",
    );
  }
}

/** Where Pulumi keeps state must be there before an operation writes to it. */
export async function checkStateBackend(backendUrl: string, s3: S3Client): Promise<CheckResult> {
  const url = new URL(backendUrl);
  if (url.protocol === "file:") return fileBackend(url);
  if (url.protocol === "s3:") return s3Backend(url, s3);
  return passed(
    "state-backend",
    `${url.protocol}// backends are not checked here; the engine logs in at its first operation (\`pulumi login\` with the engine's PULUMI_HOME sets it up)`,
  );
}
