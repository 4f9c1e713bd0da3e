import type * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { createBakeAlarm } from "../bake-alarm";

/**
 * The alarms a bake watches for mcp, by name: 5xx answers from the tasks in the load
 * balancer's target group, whichever revision serves them. A few a minute are tolerated:
 * a bake should roll back a broken release, not a client's odd failing request.
 */
export function createMcpAlarms(
  name: string,
  loadBalancer: awsx.lb.ApplicationLoadBalancer,
  parent: pulumi.Resource,
): pulumi.Output<string[]> {
  const targetErrors = createBakeAlarm(
    `${name}-target-5xx`,
    {
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: {
        LoadBalancer: loadBalancer.loadBalancer.arnSuffix,
        TargetGroup: loadBalancer.defaultTargetGroup.arnSuffix,
      },
      threshold: 5,
      tags: { Service: "mcp" },
    },
    parent,
  );
  return pulumi.all([targetErrors.name]);
}
