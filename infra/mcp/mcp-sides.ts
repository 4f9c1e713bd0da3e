import * as pulumi from "@pulumi/pulumi";

/**
 * The two sides of mcp's blue/green: each an ECS service registered to its own target
 * group, the listener's weights choosing between them.
 */
export type McpSide = "blue" | "green";

export const mcpSides: readonly McpSide[] = ["blue", "green"];

export const otherSide = (side: McpSide): McpSide => (side === "blue" ? "green" : "blue");

/** A value per side of the pair, as one output. */
export type PerSide<T> = pulumi.Output<Record<McpSide, T>>;

export function perSide<T>(value: (side: McpSide) => pulumi.Input<T>): PerSide<T> {
  return pulumi
    .all([value("blue"), value("green")])
    .apply(([blue, green]) => ({ blue, green }) as Record<McpSide, T>);
}
