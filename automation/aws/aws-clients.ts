import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { ECSClient } from "@aws-sdk/client-ecs";
import { LambdaClient } from "@aws-sdk/client-lambda";

/** Unset fields fall back to the SDK's own resolution (AWS_REGION, AWS_ENDPOINT_URL, profiles). */
export interface AwsSettings {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface AwsClients {
  lambda: LambdaClient;
  ecs: ECSClient;
  cloudfront: CloudFrontClient;
}

export function createAwsClients(settings: AwsSettings = {}): AwsClients {
  // The SDK's standard retry mode already backs off with jitter on throttling and 5xx.
  const config = { ...settings, retryMode: "standard", maxAttempts: 4 };
  return {
    lambda: new LambdaClient(config),
    ecs: new ECSClient(config),
    cloudfront: new CloudFrontClient(config),
  };
}
