import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createBakeAlarm } from "../bake-alarm";

/**
 * The alarms a bake watches for mcp, by name: 5xx answers from the tasks behind the load
 * balancer, whichever side and revision serves them (by the load balancer alone, so a
 * side taking traffic is always watched). A few a minute are tolerated: a bake should
 * roll back a broken release, not a client's odd failing request.
 */
export function createMcpAlarms(
  name: string,
  loadBalancer: aws.lb.LoadBalancer,
  parent: pulumi.Resource,
): pulumi.Output<string[]> {
  const targetErrors = createBakeAlarm(
    `${name}-target-5xx`,
    {
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: { LoadBalancer: loadBalancer.arnSuffix },
      threshold: 5,
      tags: { Service: "mcp" },
    },
    parent,
  );
  return pulumi.all([targetErrors.name]);
}
