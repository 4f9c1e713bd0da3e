import { DescribeServicesCommand, waitUntilServicesStable } from "@aws-sdk/client-ecs";
import type { AwsClients } from "../aws/aws-clients";
import type { StackOutputs } from "../domain/stack-outputs";

export interface RolloutState {
  /** One deployment left, running as many tasks as desired: ECS's own "services stable". */
  steady: boolean;
  rolloutState?: string;
  rolloutStateReason?: string;
  /** The task definition the service runs now, which ECS's circuit breaker may have put back. */
  taskDefinition?: string;
  running?: number;
  desired?: number;
  deployments: number;
}

/**
 * Waits (bounded) until ECS has rolled the service onto its task definition, with the
 * SDK's own waiter, then reports the state it reached. Not steady in time is reported,
 * not thrown: health verification decides whether the rollback worked.
 */
export async function waitForRollout(
  aws: AwsClients,
  outputs: StackOutputs,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<RolloutState> {
  const input = { cluster: outputs.mcpClusterName, services: [outputs.mcpServiceName] };
  const steady = await waitUntilServicesStable(
    {
      client: aws.ecs,
      maxWaitTime: Math.max(1, Math.ceil(timeoutMs / 1000)),
      minDelay: 1,
      maxDelay: 15,
      abortSignal: signal,
    },
    input,
  ).then(
    () => true,
    (error: unknown) => {
      if (signal.aborted) throw error;
      return false;
    },
  );
  const service = (await aws.ecs.send(new DescribeServicesCommand(input))).services?.[0];
  const primary = service?.deployments?.find((deployment) => deployment.status === "PRIMARY");
  return {
    steady,
    rolloutState: primary?.rolloutState,
    rolloutStateReason: primary?.rolloutStateReason,
    taskDefinition: service?.taskDefinition,
    running: service?.runningCount,
    desired: service?.desiredCount,
    deployments: service?.deployments?.length ?? 0,
  };
}
