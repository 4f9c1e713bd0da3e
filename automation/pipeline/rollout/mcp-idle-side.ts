import type { AwsClients } from "../../aws/aws-clients";
import type { McpBlueGreenOutputs, McpSide } from "../../domain/mcp-blue-green-outputs";
import type { StackOutputs } from "../../domain/stack-outputs";
import type { VerifySettings } from "../../settings/verify-settings";
import { describeMcpSide } from "../../traffic/describe-mcp-side";
import { scaleMcpSide } from "../../traffic/set-mcp-weights";
import { waitForRollout } from "../../traffic/wait-for-rollout";
import { httpProbe } from "../probes/http-probe";
import { describeFailures, verifyHealth } from "../verify-health";

/**
 * The idle side, scaled to the live side's count, checked before any weight moves to it:
 * ECS must have started the new build there (its circuit breaker did not put the old one
 * back), and the side's own health URL, where the program has one, must report the
 * build's hash. Returns why it is not fit to take traffic, or nothing.
 */
export async function prepareIdleSide(options: {
  aws: AwsClients;
  outputs: StackOutputs;
  pair: McpBlueGreenOutputs;
  side: McpSide;
  canary: { taskDefinition: string; gitHash: string };
  verify: VerifySettings;
  rolloutTimeoutMs: number;
  signal: AbortSignal;
}): Promise<string | undefined> {
  const { aws, outputs, pair, side, canary, signal } = options;
  const cluster = outputs.mcpClusterName;
  const live = await describeMcpSide(aws, cluster, pair.serviceNames[pair.liveSide]);
  await scaleMcpSide(aws, cluster, pair.serviceNames[side], Math.max(live.desiredCount, 1));
  const idle = { ...outputs, mcpServiceName: pair.serviceNames[side] };
  const state = await waitForRollout(aws, idle, options.rolloutTimeoutMs, signal);
  if (state.taskDefinition !== canary.taskDefinition)
    return `ECS runs ${state.taskDefinition ?? "nothing"} on mcp's ${side} side instead of ${canary.taskDefinition}`;
  if (!state.steady || state.rolloutState === "FAILED")
    return `mcp's ${side} side did not settle on ${canary.taskDefinition} (${state.running ?? 0} of ${state.desired ?? 0} tasks running)`;
  const where = pair.sideHealthUrls?.[side];
  if (!where) return undefined;
  const target = {
    service: "mcp" as const,
    route: "candidate" as const,
    where,
    probe: httpProbe("mcp", where),
    expectedHash: canary.gitHash,
  };
  const health = await verifyHealth([target], options.verify, signal);
  return health.ok ? undefined : describeFailures(health.results);
}
