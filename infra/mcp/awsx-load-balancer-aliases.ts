import * as pulumi from "@pulumi/pulumi";

/** The component a stack made before blue/green holds its load balancer under. */
const awsxLoadBalancerType = "awsx:lb:ApplicationLoadBalancer";

export interface AwsxLoadBalancerAliases {
  loadBalancer: pulumi.Output<string>[];
  targetGroup: pulumi.Output<string>[];
  listener: pulumi.Output<string>[];
}

/**
 * Before blue/green, mcp's load balancer was awsx's ApplicationLoadBalancer component
 * named `componentName`, which names its load balancer and its default target group after
 * itself and its one listener `<name>-0`. Aliasing the plain resources to those URNs makes
 * `pulumi up` on such a stack update them in place: replacing the load balancer would give
 * mcp a new URL, and replacing the target group would detach the running tasks.
 */
export function awsxLoadBalancerAliases(
  componentName: string,
  parent: pulumi.Resource,
): AwsxLoadBalancerAliases {
  const component = pulumi.createUrn(componentName, awsxLoadBalancerType, parent);
  const child = (type: string, name: string) => [pulumi.createUrn(name, type, component)];
  return {
    loadBalancer: child("aws:lb/loadBalancer:LoadBalancer", componentName),
    targetGroup: child("aws:lb/targetGroup:TargetGroup", componentName),
    listener: child("aws:lb/listener:Listener", `${componentName}-0`),
  };
}
