import { GetDistributionConfigCommand } from "@aws-sdk/client-cloudfront";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { GetAliasCommand } from "@aws-sdk/client-lambda";
import type { AwsClients } from "../aws/aws-clients";
import type { ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import { cohortWeights, readWebCohort } from "./web-cohort";
import { readMcpPairPointer } from "./mcp-pair-pointer";

/** A service's pointer as AWS reports it. */
export interface ObservedPointer {
  pointer: string;
  /**
   * api: extra versions alias `live` sends traffic to; mcp: the other side's task
   * definition while the listener gives it a share; web: the canary cohort's release and
   * share (web-cohort.ts). Absent when there are none.
   */
  weights?: Record<string, number>;
}

export const webReleaseFromOriginPath = (originPath: string | undefined) =>
  (originPath ?? "").replace(/^\/releases\//, "");

/**
 * Reads what serves a service now: alias `live`, the ECS task definition (of each side of
 * mcp's pair, with the listener's weights), the web origin path (with the cohort canary's
 * weight, on stacks that have its store).
 */
export async function readPointer(
  aws: AwsClients,
  outputs: StackOutputs,
  service: ServiceName,
): Promise<ObservedPointer> {
  if (service === "api") {
    const alias = await aws.lambda.send(
      new GetAliasCommand({ FunctionName: outputs.apiFunctionName, Name: outputs.apiAliasName }),
    );
    const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
    return {
      pointer: alias.FunctionVersion ?? "",
      ...(Object.keys(weights).length > 0 ? { weights } : {}),
    };
  }
  if (service === "mcp" && outputs.mcpBlueGreen)
    return readMcpPairPointer(aws, outputs.mcpClusterName, outputs.mcpBlueGreen);
  if (service === "mcp") {
    const described = await aws.ecs.send(
      new DescribeServicesCommand({
        cluster: outputs.mcpClusterName,
        services: [outputs.mcpServiceName],
      }),
    );
    return { pointer: described.services?.[0]?.taskDefinition ?? "" };
  }
  const config = await aws.cloudfront.send(
    new GetDistributionConfigCommand({ Id: outputs.webDistributionId }),
  );
  const pointer = webReleaseFromOriginPath(
    config.DistributionConfig?.Origins?.Items?.[0]?.OriginPath,
  );
  if (!outputs.webCohortStoreArn) return { pointer };
  const weights = cohortWeights((await readWebCohort(aws, outputs)).cohort);
  return { pointer, ...(weights ? { weights } : {}) };
}
