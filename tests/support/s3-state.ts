import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { openStateBucket, type StateBucket } from "../../automation/engine/state-bucket";
import type { EmulatedAws } from "../../sandbox-world/emulated-aws";
import { awsClientConfig } from "../../sandbox-world/moto-server";

export interface S3State {
  /** FLIGHTDECK_STATE_URL and FLIGHTDECK_SECRETS_PROVIDER as an operator writes them. */
  env: Record<string, string>;
  bucket: StateBucket;
}

/**
 * One call of KMS's JSON protocol. The emulator takes the service from the signature's
 * scope and checks no signature, so no KMS client is needed for the two calls tests make.
 */
async function kms(endpoint: string, action: string, body: object): Promise<unknown> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `TrentService.${action}`,
      authorization:
        "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`KMS ${action}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/**
 * A state bucket and a KMS key alias in the emulator, and the settings that point the
 * server at them: the engine reaches both through the URLs' own endpoint and path style.
 */
export async function s3State(aws: EmulatedAws, name = "flightdeck-state"): Promise<S3State> {
  const { endpoint } = aws.moto;
  const s3 = new S3Client({ ...awsClientConfig(endpoint), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  s3.destroy();
  const key = (await kms(endpoint, "CreateKey", { Description: name })) as {
    KeyMetadata: { KeyId: string };
  };
  await kms(endpoint, "CreateAlias", {
    AliasName: `alias/${name}`,
    TargetKeyId: key.KeyMetadata.KeyId,
  });
  const stateUrl = `s3://${name}?region=us-east-1&endpoint=${endpoint}&use_path_style=true`;
  return {
    env: {
      FLIGHTDECK_STATE_URL: stateUrl,
      FLIGHTDECK_SECRETS_PROVIDER: `awskms://alias/${name}?region=us-east-1&endpoint=${endpoint}`,
    },
    bucket: openStateBucket(stateUrl, aws.aws)!,
  };
}
