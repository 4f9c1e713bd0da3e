import { CloudFrontClient, GetDistributionConfigCommand } from "@aws-sdk/client-cloudfront";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createAwsClients } from "../../automation/aws/aws-clients";
import type { StackOutputs } from "../../automation/domain/stack-outputs";
import { weightsOf } from "../../automation/traffic/mcp-listener-weights";
import { readWebCohort } from "../../automation/traffic/web-cohort";
import { awsClientConfig } from "../../sandbox-world/moto-server";

/** mcp's listener weights per side, as the emulator has them. */
export async function mcpListenerWeights(endpoint: string, outputs: Record<string, unknown>) {
  const targetGroups = outputs.mcpTargetGroups as Record<"blue" | "green", string>;
  const { Listeners } = await new ElasticLoadBalancingV2Client(awsClientConfig(endpoint)).send(
    new DescribeListenersCommand({ ListenerArns: [outputs.mcpListenerArn as string] }),
  );
  return weightsOf(Listeners?.[0]?.DefaultActions, targetGroups);
}

/** How many tasks each side of mcp's pair wants, as the emulator has them. */
export async function mcpSideTasks(endpoint: string, outputs: Record<string, unknown>) {
  const names = outputs.mcpServiceNames as Record<"blue" | "green", string>;
  const { services } = await new ECSClient(awsClientConfig(endpoint)).send(
    new DescribeServicesCommand({
      cluster: outputs.mcpClusterName as string,
      services: [names.blue, names.green],
    }),
  );
  const wanted = (name: string) =>
    services?.find((service) => service.serviceName === name)?.desiredCount;
  return { blue: wanted(names.blue), green: wanted(names.green) };
}

/** The share of web viewers the cohort store sends to another release (0 without a store). */
export async function webCohortWeight(endpoint: string, outputs: Record<string, string>) {
  if (!outputs.webCohortStoreArn) return 0;
  const aws = createAwsClients(awsClientConfig(endpoint));
  const store = { webCohortStoreArn: outputs.webCohortStoreArn } as StackOutputs;
  const { cohort } = await readWebCohort(aws, store);
  return cohort?.weight ?? 0;
}

/**
 * The pointers as AWS has them, read straight from the emulator: alias `live` (and its
 * extra weights), the ECS service's task definition, the web origin path.
 */
export async function awsPointers(endpoint: string, outputs: Record<string, string>) {
  const config = awsClientConfig(endpoint);
  const alias = await new LambdaClient(config).send(
    new GetAliasCommand({ FunctionName: outputs.apiFunctionName, Name: "live" }),
  );
  const service = await new ECSClient(config).send(
    new DescribeServicesCommand({
      cluster: outputs.mcpClusterName,
      services: [outputs.mcpServiceName!],
    }),
  );
  const distribution = await new CloudFrontClient(config).send(
    new GetDistributionConfigCommand({ Id: outputs.webDistributionId }),
  );
  return {
    api: alias.FunctionVersion,
    apiWeights: alias.RoutingConfig?.AdditionalVersionWeights ?? {},
    mcp: service.services?.[0]?.taskDefinition,
    web: distribution.DistributionConfig?.Origins?.Items?.[0]?.OriginPath,
  };
}

export type AwsPointers = Awaited<ReturnType<typeof awsPointers>>;

/**
 * Reads the pointers from the emulator every `intervalMs` until stopped, so a test can
 * say what users could have reached at any moment of an operation, not only at its end.
 */
export function watchPointers(
  endpoint: string,
  outputs: Record<string, string>,
  intervalMs = 50,
): { stop(): Promise<AwsPointers[]> } {
  const seen: AwsPointers[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      seen.push(await awsPointers(endpoint, outputs));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}
