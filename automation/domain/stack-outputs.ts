import type { OutputMap } from "@pulumi/pulumi/automation";
import { serviceKeys, type ServiceName } from "./services";

/** The outputs flightdeck relies on; the real program and the test fixture both export them. */
export interface StackOutputs {
  apiFunctionName: string;
  apiAliasName: string;
  /** The version the last `up` published; absent on stacks released before canaries existed. */
  apiPublishedVersion?: string;
  mcpClusterName: string;
  mcpServiceName: string;
  webDistributionId: string;
  pointers: Record<ServiceName, string>;
  healthUrls: Record<ServiceName, string>;
}

function text(outputs: OutputMap, name: string): string {
  const value = outputs[name]?.value as unknown;
  if (typeof value === "number") return String(value);
  if (typeof value !== "string" || value === "") {
    throw new Error(`the stack has no output "${name}"; is this flightdeck's program?`);
  }
  return value;
}

export function readStackOutputs(outputs: OutputMap): StackOutputs {
  const pick = (key: "pointerOutput" | "healthOutput") => ({
    api: text(outputs, serviceKeys.api[key]),
    web: text(outputs, serviceKeys.web[key]),
    mcp: text(outputs, serviceKeys.mcp[key]),
  });
  return {
    apiFunctionName: text(outputs, "apiFunctionName"),
    apiAliasName: text(outputs, "apiAliasName"),
    ...(outputs.apiPublishedVersion
      ? { apiPublishedVersion: text(outputs, "apiPublishedVersion") }
      : {}),
    mcpClusterName: text(outputs, "mcpClusterName"),
    mcpServiceName: text(outputs, "mcpServiceName"),
    webDistributionId: text(outputs, "webDistributionId"),
    pointers: pick("pointerOutput"),
    healthUrls: pick("healthOutput"),
  };
}
