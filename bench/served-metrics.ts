import { setTimeout as sleep } from "node:timers/promises";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { putLambdaVersionServed } from "../tests/support/put-version-metrics";
import type { AliasRouting } from "./api-alias";
import type { LiveAnswer } from "./live-url-client";

const publishEveryMs = 200;

/**
 * Publishes, every 200 ms until stopped, what each build behind alias `live` served of
 * `answers` since the last time, as Lambda publishes per executed version: the stable
 * build without errors, the canary with every answer an error (a build that answers 200
 * but fails its work). The canary's version is read from the alias once it has a weight.
 */
export function publishServedAnswers(options: {
  cloudwatch: CloudWatchClient;
  functionName: string;
  read: () => Promise<AliasRouting>;
  stable: { version: string; hash: string };
  canaryHash: string;
  answers: LiveAnswer[];
}): { stop(): Promise<void> } {
  const { cloudwatch, functionName, stable, canaryHash, answers } = options;
  let running = true;
  let canaryVersion: string | undefined;
  let published = 0;
  const put = (version: string, requests: number, errors: number) =>
    requests > 0
      ? putLambdaVersionServed(
          cloudwatch,
          { functionName, alias: "live", version },
          { requests, errors },
        )
      : Promise.resolve();
  const loop = (async () => {
    while (running) {
      canaryVersion ??= Object.keys((await options.read()).weights)[0];
      // Until the canary's version is known its answers wait, counted at the next look.
      if (canaryVersion) {
        const fresh = answers.slice(published);
        published += fresh.length;
        const canary = fresh.filter((answer) => answer.hash === canaryHash).length;
        const stableServed = fresh.filter((answer) => answer.hash === stable.hash).length;
        await put(canaryVersion, canary, canary);
        await put(stable.version, stableServed, 0);
      }
      await sleep(publishEveryMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
