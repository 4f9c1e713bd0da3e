import { setTimeout as sleep } from "node:timers/promises";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { awsClientConfig } from "../sandbox-world/moto-server";

/** Alias `live` as AWS has it: its version and the weights of extra versions (0–1). */
export interface AliasRouting {
  version: string;
  weights: Record<string, number>;
}

/** Reads alias `live` of the api's function straight from the emulator. */
export function liveAlias(endpoint: string, functionName: string): () => Promise<AliasRouting> {
  const lambda = new LambdaClient(awsClientConfig(endpoint));
  return async () => {
    const alias = await lambda.send(
      new GetAliasCommand({ FunctionName: functionName, Name: "live" }),
    );
    return {
      version: alias.FunctionVersion ?? "",
      weights: alias.RoutingConfig?.AdditionalVersionWeights ?? {},
    };
  };
}

/** The percent of users alias `live` sends to `canary`: 100 once it is the alias's version. */
export function canaryPercent(alias: AliasRouting, canary: string): number {
  if (alias.version === canary) return 100;
  return Math.round((alias.weights[canary] ?? 0) * 100);
}

/**
 * Reads the alias every `pollMs` until `reached` holds, and answers that reading; gives up
 * after `timeoutMs`, naming `what` it waited for.
 */
export async function untilAlias(
  read: () => Promise<AliasRouting>,
  reached: (alias: AliasRouting) => boolean,
  what: string,
  options: { pollMs?: number; timeoutMs?: number } = {},
): Promise<AliasRouting> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    const alias = await read();
    if (reached(alias)) return alias;
    if (Date.now() > deadline)
      throw new Error(`alias live never showed ${what}; it shows ${JSON.stringify(alias)}`);
    await sleep(options.pollMs ?? 5);
  }
}
