import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import type { CloudFrontKeyValueStoreClient } from "@aws-sdk/client-cloudfront-keyvaluestore";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import type { AwsSettings } from "./aws-settings";
import { failedActionNaming, nameFailedActions } from "./failed-action";
import { createKeyValueStoreClient } from "./keyvaluestore-client";

export type { AwsSettings } from "./aws-settings";

export interface AwsClients {
  lambda: LambdaClient;
  ecs: ECSClient;
  cloudfront: CloudFrontClient;
  /** Reads a web release's page before the distribution points at it. */
  s3: S3Client;
  /** Reads the alarms a bake watches. */
  cloudwatch: CloudWatchClient;
  /** The web cohort's store: which release the canary cohort gets, and its weight. */
  keyValueStore: CloudFrontKeyValueStoreClient;
  /** Moves mcp's listener weights between its blue and green target groups. */
  elbv2: ElasticLoadBalancingV2Client;
}

export function createAwsClients(settings: AwsSettings = {}): AwsClients {
  // The SDK's standard retry mode already backs off with jitter on throttling and 5xx.
  const config = { ...settings, retryMode: "standard", maxAttempts: 4 };
  const clients = {
    lambda: new LambdaClient(config),
    ecs: new ECSClient(config),
    cloudfront: new CloudFrontClient(config),
    // An endpoint of one's own (an emulator, a VPC endpoint) has no bucket subdomains.
    s3: new S3Client({ ...config, forcePathStyle: settings.endpoint !== undefined }),
    cloudwatch: new CloudWatchClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
  };
  for (const client of Object.values(clients)) client.middlewareStack.use(nameFailedActions);
  const keyValueStore = createKeyValueStoreClient(settings);
  keyValueStore.middlewareStack.use(failedActionNaming());
  return { ...clients, keyValueStore };
}
