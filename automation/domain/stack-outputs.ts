import type { OutputMap } from "@pulumi/pulumi/automation";
import { readMcpBlueGreenOutputs, type McpBlueGreenOutputs } from "./mcp-blue-green-outputs";
import { outputText } from "./output-text";
import { serviceKeys, type ServiceName } from "./services";

/** The outputs flightdeck relies on; the real program and the test fixture both export them. */
export interface StackOutputs {
  apiFunctionName: string;
  apiAliasName: string;
  /** The version the last `up` published; absent on stacks released before canaries existed. */
  apiPublishedVersion?: string;
  /** Alias `candidate`'s health URL: the newest published version, which takes no user traffic. */
  apiCandidateHealthUrl?: string;
  /** The private bucket holding every web release under releases/<hash>/. */
  webBucketName?: string;
  /** The web cohort canary's key-value store; absent on stacks released before it existed. */
  webCohortStoreArn?: string;
  /** The CloudFront Function that routes each viewer's cohort (viewer request and response). */
  webRouterFunctionName?: string;
  /** Per service, the CloudWatch alarms a bake watches; an alarm in ALARM rolls back. */
  alarmNames: Record<ServiceName, string[]>;
  mcpClusterName: string;
  mcpServiceName: string;
  webDistributionId: string;
  pointers: Record<ServiceName, string>;
  healthUrls: Record<ServiceName, string>;
  /** mcp's blue/green pair; absent on stacks whose program predates it (one service). */
  mcpBlueGreen?: McpBlueGreenOutputs;
}

/** An output programs of older releases may not have. */
function optionalText<K extends string>(outputs: OutputMap, name: K): Partial<Record<K, string>> {
  return outputs[name] ? ({ [name]: outputText(outputs, name) } as Record<K, string>) : {};
}

/** `alarmNames`: { api?: string[], web?: string[], mcp?: string[] }; none when absent. */
function alarmNames(outputs: OutputMap): Record<ServiceName, string[]> {
  const value = (outputs.alarmNames?.value ?? {}) as Partial<Record<ServiceName, unknown>>;
  const names = (service: ServiceName) => {
    const list = value[service] ?? [];
    if (!Array.isArray(list) || !list.every((name) => typeof name === "string" && name !== ""))
      throw new Error(`the stack output "alarmNames.${service}" must be a list of alarm names`);
    return list as string[];
  };
  return { api: names("api"), web: names("web"), mcp: names("mcp") };
}

export function readStackOutputs(outputs: OutputMap): StackOutputs {
  const mcpBlueGreen = readMcpBlueGreenOutputs(outputs);
  const pick = (key: "pointerOutput" | "healthOutput") => ({
    api: outputText(outputs, serviceKeys.api[key]),
    web: outputText(outputs, serviceKeys.web[key]),
    mcp: outputText(outputs, serviceKeys.mcp[key]),
  });
  return {
    apiFunctionName: outputText(outputs, "apiFunctionName"),
    apiAliasName: outputText(outputs, "apiAliasName"),
    ...optionalText(outputs, "apiPublishedVersion"),
    ...optionalText(outputs, "apiCandidateHealthUrl"),
    ...optionalText(outputs, "webBucketName"),
    ...optionalText(outputs, "webCohortStoreArn"),
    ...optionalText(outputs, "webRouterFunctionName"),
    alarmNames: alarmNames(outputs),
    mcpClusterName: outputText(outputs, "mcpClusterName"),
    mcpServiceName: outputText(outputs, "mcpServiceName"),
    webDistributionId: outputText(outputs, "webDistributionId"),
    pointers: pick("pointerOutput"),
    healthUrls: pick("healthOutput"),
    ...(mcpBlueGreen ? { mcpBlueGreen } : {}),
  };
}
