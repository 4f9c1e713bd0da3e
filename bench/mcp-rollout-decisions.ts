import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { otherMcpSide } from "../automation/domain/mcp-blue-green-outputs";
import { ApiClient } from "../client/api-client";
import { requestRolloutCommand } from "../client/rollout-control";
import type { RolloutCommandKind } from "../client/types";
import { mcpListenerWeights } from "../tests/support/aws-pointers";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { tokens } from "../tests/support/server-fixture";
import { deployChange } from "./rollout-deploy";

type Side = "blue" | "green";

/** Held by hand at 10 % and 50 %: each weight change is a decision the benchmark times. */
const manualSteps = [
  { weight: 10, pause: "manual" },
  { weight: 50, pause: "manual" },
  { weight: 100 },
];

/** From each decision's request to mcp's listener showing it, in milliseconds. */
export interface McpDecisionTimes {
  toFifty: number[];
  aborted: number[];
}

/**
 * Per repetition one mcp rollout of manual steps, promoted 10 → 50 % and aborted there.
 * Each decision is timed from its POST to DescribeListeners (read every 5 ms) showing the
 * idle side's share it asked for: 50, then 0 once the rollback moved mcp back.
 */
export async function mcpRolloutDecisions(
  world: ReleaseWorld,
  runs: number,
): Promise<McpDecisionTimes> {
  const client = deploymentsClient(world.server);
  const api = new ApiClient({ baseUrl: await world.server.url(), token: tokens.admin });
  const times: McpDecisionTimes = { toFifty: [], aborted: [] };
  for (let i = 0; i < runs; i++) {
    const outputs = (await client.outputs("production")) as Record<string, unknown>;
    const idle = otherMcpSide(outputs.mcpLiveSide as Side);
    const share = async () => (await mcpListenerWeights(world.aws.aws.endpoint, outputs))[idle];
    const until = async (percent: number, what: string) => {
      const deadline = Date.now() + 60_000;
      while ((await share()) !== percent) {
        if (Date.now() > deadline) throw new Error(`mcp's listener never showed ${what}`);
        await sleep(5);
      }
    };
    const { id } = await deployChange(world, "mcp", manualSteps, `mcp decisions ${i}`);
    await until(10, "the first step");
    const decide = async (kind: RolloutCommandKind, percent: number) => {
      // Held a moment first, as a person looks before deciding.
      await sleep(1_000);
      const started = performance.now();
      await requestRolloutCommand(api, id, kind, { reason: "bench" });
      await until(percent, `${percent} % after ${kind}`);
      return performance.now() - started;
    };
    times.toFifty.push(await decide("promote", 50));
    times.aborted.push(await decide("abort", 0));
    const ended = await client.finished(id);
    assert.equal(ended.status, "failed", JSON.stringify(ended.error));
    await client.atRest("production");
  }
  return times;
}
