import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../client/api-client";
import { requestRolloutCommand } from "../client/rollout-control";
import type { RolloutCommandKind } from "../client/types";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { tokens } from "../tests/support/server-fixture";
import { canaryPercent, liveAlias, untilAlias, type AliasRouting } from "./api-alias";
import { deployChange } from "./rollout-deploy";

/** Each step waits for someone: every weight change is a decision the benchmark times. */
const manualSteps = [
  { weight: 10, pause: "manual" },
  { weight: 50, pause: "manual" },
  { weight: 100 },
];

/**
 * How long a step is held before it is decided: the server's health probes must have seen
 * the canary answer before it may take all traffic, as a person would look before promoting.
 */
const holdMs = 1_000;

/** From each decision's request to alias `live` showing it, in milliseconds. */
export interface DecisionTimes {
  toFifty: number[];
  toFull: number[];
  aborted: number[];
}

/**
 * Per repetition two api rollouts of manual steps: one promoted 10 → 50 → 100 %, one
 * promoted to 50 % and aborted there. Each decision is timed from its POST to GetAlias
 * (read every 5 ms) showing the weights it asked for.
 */
export async function rolloutDecisions(world: ReleaseWorld, runs: number): Promise<DecisionTimes> {
  const client = deploymentsClient(world.server);
  const read = liveAlias(
    world.aws.aws.endpoint,
    (await client.outputs("production")).apiFunctionName!,
  );
  const api = new ApiClient({ baseUrl: await world.server.url(), token: tokens.admin });
  const times: DecisionTimes = { toFifty: [], toFull: [], aborted: [] };
  for (let i = 0; i < runs; i++) {
    for (const ending of ["promote", "abort"] as const) {
      const stable = (await read()).version;
      const { id } = await deployChange(world, "api", manualSteps, `decisions ${i} ${ending}`);
      const first = await untilAlias(read, (a) => Object.keys(a.weights).length > 0, "a canary");
      const canary = Object.keys(first.weights)[0]!;
      const decide = async (kind: RolloutCommandKind, shows: (a: AliasRouting) => boolean) => {
        await sleep(holdMs);
        const started = performance.now();
        await requestRolloutCommand(api, id, kind, { reason: "bench" });
        await untilAlias(read, shows, `the weights after ${kind}`, { timeoutMs: 30_000 });
        return performance.now() - started;
      };
      times.toFifty.push(await decide("promote", (a) => canaryPercent(a, canary) === 50));
      if (ending === "promote")
        times.toFull.push(await decide("promote", (a) => canaryPercent(a, canary) === 100));
      else
        times.aborted.push(
          await decide("abort", (a) => a.version === stable && Object.keys(a.weights).length === 0),
        );
      const ended = await client.finished(id);
      assert.equal(
        ended.status,
        ending === "promote" ? "succeeded" : "failed",
        JSON.stringify(ended.error),
      );
      await client.atRest("production");
    }
  }
  return times;
}
