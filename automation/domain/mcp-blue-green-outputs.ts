import type { OutputMap } from "@pulumi/pulumi/automation";
import { outputText } from "./output-text";

/** The two sides of the mcp service's blue/green pair (infra/mcp/mcp-sides.ts). */
export type McpSide = "blue" | "green";

export const mcpSides: readonly McpSide[] = ["blue", "green"];

/** The pair's other side. */
export const otherMcpSide = (side: McpSide): McpSide => (side === "blue" ? "green" : "blue");

/**
 * The stack setting naming the side the program gives all of the listener's weight: the
 * server's own, written when a rollout promotes the other side.
 */
export const mcpLiveSideConfig = "flightdeck:mcpLiveSide";

/** What a rollout of mcp reads from the stack: the pair behind the load balancer's listener. */
export interface McpBlueGreenOutputs {
  /** The side the program gives all of the listener's weight. */
  liveSide: McpSide;
  /** The listener whose default action forwards to both target groups by weight. */
  listenerArn: string;
  targetGroups: Record<McpSide, string>;
  serviceNames: Record<McpSide, string>;
  /** CloudWatch's `LoadBalancer` dimension value (`app/<name>/<id>`). */
  loadBalancerArnSuffix: string;
  /** CloudWatch's `TargetGroup` dimension values (`targetgroup/<name>/<id>`). */
  targetGroupArnSuffixes: Record<McpSide, string>;
  /**
   * Each side's own health URL, reaching its tasks and no user, where a program has one
   * (`mcpSideHealthUrls`; the release fixture's). Without, ECS's health check gates a side.
   */
  sideHealthUrls?: Record<McpSide, string>;
}

function perSide(outputs: OutputMap, name: string): Record<McpSide, string> {
  const value = (outputs[name]?.value ?? {}) as Partial<Record<McpSide, unknown>>;
  const side = (which: McpSide) => {
    const text = value[which];
    if (typeof text !== "string" || text === "")
      throw new Error(`the stack output "${name}.${which}" must be a non-empty string`);
    return text;
  };
  return { blue: side("blue"), green: side("green") };
}

/**
 * The pair's outputs, or undefined for a stack whose program predates them (its mcp
 * has one service and moves all at once). A program that exports some but not all of
 * them is refused, naming the output.
 */
export function readMcpBlueGreenOutputs(outputs: OutputMap): McpBlueGreenOutputs | undefined {
  if (!outputs.mcpListenerArn) return undefined;
  const liveSide = outputText(outputs, "mcpLiveSide");
  if (!mcpSides.includes(liveSide as McpSide))
    throw new Error(`the stack output "mcpLiveSide" must be blue or green, got "${liveSide}"`);
  return {
    liveSide: liveSide as McpSide,
    listenerArn: outputText(outputs, "mcpListenerArn"),
    targetGroups: perSide(outputs, "mcpTargetGroups"),
    serviceNames: perSide(outputs, "mcpServiceNames"),
    loadBalancerArnSuffix: outputText(outputs, "mcpLoadBalancerArnSuffix"),
    targetGroupArnSuffixes: perSide(outputs, "mcpTargetGroupArnSuffixes"),
    ...(outputs.mcpSideHealthUrls ? { sideHealthUrls: perSide(outputs, "mcpSideHealthUrls") } : {}),
  };
}
