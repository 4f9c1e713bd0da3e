import assert from "node:assert/strict";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { awsClientConfig } from "../sandbox-world/moto-server";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { liveAlias } from "./api-alias";
import { deployChange, rolloutBegun } from "./rollout-deploy";
import { answeringHash, requestSerially, type LiveAnswer } from "./live-url-client";
import { publishServedAnswers } from "./served-metrics";

/** The step a failing canary is caught in: long enough that only a look or a judgement ends it. */
export const exposureSteps = [{ weight: 20, pause: "30s" }, { weight: 100 }];

/**
 * Users requesting at once, each serially: a failing canary is stopped in well under a
 * second, and one user's few dozen requests would leave its share to chance (±6 points
 * at 20 %).
 */
const usersAtOnce = 4;

/** How the new build fails: its health answers 503, or it answers 200 while its metrics err. */
export type CanaryFault = "health" | "metrics";

/** What a user sending requests through the whole rollout got from the canary. */
export interface CanaryExposure {
  requests: number;
  canaryAnswers: number;
  /** From the canary's first answer to its last; 0 when it answered none. */
  servedMs: number;
}

/**
 * Rolls out an api build that fails (`fault`) while users request the live URL serially
 * from the rollout's start (its journaled step) to the deploy's end, and counts what the
 * canary answered. The fault starts once the build has passed its candidate check: a build
 * failing there never reaches a user (bench/bad-release-exposure.ts measures that).
 */
export async function canaryExposure(
  world: ReleaseWorld,
  fault: CanaryFault,
  label: string,
): Promise<CanaryExposure> {
  const client = deploymentsClient(world.server);
  const outputs = await client.outputs("production");
  const read = liveAlias(world.aws.aws.endpoint, outputs.apiFunctionName!);
  const stableHash = await answeringHash(outputs.apiHealthUrl!);
  const stable = { version: (await read()).version, hash: stableHash };
  const { id, commit } = await deployChange(world, "api", exposureSteps, label);
  await rolloutBegun(world, id);
  if (fault === "health") world.aws.runtime.failHash("api", commit);

  let ended = false;
  const answers: LiveAnswer[] = [];
  const publisher =
    fault === "metrics"
      ? publishServedAnswers({
          cloudwatch: new CloudWatchClient(awsClientConfig(world.aws.aws.endpoint)),
          functionName: outputs.apiFunctionName!,
          read,
          stable,
          canaryHash: commit,
          answers,
        })
      : undefined;
  const users = Array.from({ length: usersAtOnce }, () =>
    requestSerially(outputs.apiHealthUrl!, () => ended, answers),
  );
  const operation = await client.finished(id, 180_000, 20).finally(() => (ended = true));
  await Promise.all(users);
  await publisher?.stop();
  assert.equal(operation.status, "failed", JSON.stringify(operation));
  const caughtBy = fault === "health" ? "canary_failed" : "analysis_failed";
  assert.equal(operation.error?.code, caughtBy, JSON.stringify(operation.error));
  await client.atRest("production");

  const canary = answers.filter((answer) => answer.hash === commit).map((answer) => answer.at);
  return {
    requests: answers.length,
    canaryAnswers: canary.length,
    servedMs: canary.length > 0 ? Math.max(...canary) - Math.min(...canary) : 0,
  };
}
