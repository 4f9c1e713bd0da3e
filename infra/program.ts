import * as pulumi from "@pulumi/pulumi";
import { ApiService } from "./api/api-service";
import { createAwsProvider } from "./aws-provider";
import { readFlightdeckConfig } from "./config";
import { McpService } from "./mcp/mcp-service";
import type { McpSide, PerSide } from "./mcp/mcp-sides";
import { WebSite } from "./web/web-site";

/** The stack outputs; the automation server reads them by these exact names. */
export interface FlightdeckOutputs {
  apiFunctionName: pulumi.Output<string>;
  apiAliasName: pulumi.Output<string>;
  apiLiveVersion: pulumi.Output<string>;
  apiPublishedVersion: pulumi.Output<string>;
  apiUrl: pulumi.Output<string>;
  apiHealthUrl: pulumi.Output<string>;
  /** Alias `candidate`'s health URL: the newly published version, which takes no user traffic. */
  apiCandidateHealthUrl: pulumi.Output<string>;
  webBucketName: pulumi.Output<string>;
  webDistributionId: pulumi.Output<string>;
  webUrl: pulumi.Output<string>;
  webLiveRelease: pulumi.Output<string>;
  /** The web cohort canary's key-value store, which a rollout's steps write. */
  webCohortStoreArn: pulumi.Output<string>;
  /** The CloudFront Function that routes each viewer's cohort. */
  webRouterFunctionName: pulumi.Output<string>;
  mcpClusterName: pulumi.Output<string>;
  mcpServiceName: pulumi.Output<string>;
  mcpTaskDefinitionArn: pulumi.Output<string>;
  mcpUrl: pulumi.Output<string>;
  mcpHealthUrl: pulumi.Output<string>;
  /** mcp's blue/green pair (docs/architecture.md, "mcp blue/green"): the side taking all traffic. */
  mcpLiveSide: pulumi.Output<McpSide>;
  mcpServiceNames: PerSide<string>;
  /** The listener whose forward weights between the two target groups a rollout moves. */
  mcpListenerArn: pulumi.Output<string>;
  mcpTargetGroups: PerSide<string>;
  /** CloudWatch's `LoadBalancer` and `TargetGroup` dimension values of the pair. */
  mcpLoadBalancerArnSuffix: pulumi.Output<string>;
  mcpTargetGroupArnSuffixes: PerSide<string>;
  /** Per service, the CloudWatch alarms a bake watches; web has none (see below). */
  alarmNames: pulumi.Output<Record<string, string[]>>;
}

/**
 * flightdeck's infrastructure: `pulumi up` runs it through infra/index.ts, and so does
 * the automation server, from a worktree of the commit it releases. Each service gets its own hash and
 * pin, so a deploy that changes one service leaves the others without a diff.
 */
export async function flightdeckProgram(): Promise<FlightdeckOutputs> {
  const config = readFlightdeckConfig();
  const provider = createAwsProvider(config.name, config.region, config.stage);
  const api = new ApiService(
    `${config.name}-api`,
    {
      stage: config.stage,
      gitHash: config.gitHashes.api,
      pinnedVersion: config.pins.apiVersion,
      jwtSecret: config.jwtSecret,
    },
    { providers: [provider] },
  );
  const web = new WebSite(
    `${config.name}-web`,
    {
      gitHash: config.gitHashes.web,
      pinnedRelease: config.pins.webRelease,
      domain: config.webDomain,
    },
    { providers: [provider] },
  );
  const mcp = new McpService(
    `${config.name}-mcp`,
    {
      region: config.region,
      stage: config.stage,
      gitHash: config.gitHashes.mcp,
      pinnedTaskDefinition: config.pins.mcpTaskDefinition,
      jwtSecret: config.jwtSecret,
      liveSide: config.mcpLiveSide,
    },
    { providers: [provider] },
  );
  return {
    apiFunctionName: api.functionName,
    apiAliasName: api.aliasName,
    apiLiveVersion: api.liveVersion,
    apiPublishedVersion: api.publishedVersion,
    apiUrl: api.url,
    apiHealthUrl: api.healthUrl,
    apiCandidateHealthUrl: api.candidateHealthUrl,
    webBucketName: web.bucketName,
    webDistributionId: web.distributionId,
    webUrl: web.url,
    webLiveRelease: web.liveRelease,
    webCohortStoreArn: web.cohortStoreArn,
    webRouterFunctionName: web.routerFunctionName,
    mcpClusterName: mcp.clusterName,
    mcpServiceName: mcp.serviceName,
    mcpTaskDefinitionArn: mcp.taskDefinitionArn,
    mcpUrl: mcp.url,
    mcpHealthUrl: mcp.healthUrl,
    mcpLiveSide: mcp.liveSide,
    mcpServiceNames: mcp.serviceNames,
    mcpListenerArn: mcp.listenerArn,
    mcpTargetGroups: mcp.targetGroupArns,
    mcpLoadBalancerArnSuffix: mcp.loadBalancerArnSuffix,
    mcpTargetGroupArnSuffixes: mcp.targetGroupArnSuffixes,
    // No web alarm: CloudFront publishes its metrics only in us-east-1, not in the stack's region.
    alarmNames: pulumi.all({ api: api.alarmNames, mcp: mcp.alarmNames }),
  };
}
