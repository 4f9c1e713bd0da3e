import * as pulumi from "@pulumi/pulumi";
import { createBakeAlarm } from "../bake-alarm";

/**
 * The alarms a bake watches for the api, by name. Errors count only invocations through
 * the live alias (a canary's share included): users never reach the candidate, and
 * flightdeck's own checks there must not roll back what users are served.
 */
export function createApiAlarms(
  name: string,
  target: { functionName: pulumi.Input<string>; aliasName: pulumi.Input<string> },
  parent: pulumi.Resource,
): pulumi.Output<string[]> {
  const errors = createBakeAlarm(
    `${name}-errors`,
    {
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: {
        FunctionName: target.functionName,
        Resource: pulumi.interpolate`${target.functionName}:${target.aliasName}`,
      },
      threshold: 1,
      tags: { Service: "api" },
    },
    parent,
  );
  return pulumi.all([errors.name]);
}
