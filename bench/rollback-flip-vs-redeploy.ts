import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { createAwsClients } from "../automation/aws/aws-clients";
import { readStackOutputs } from "../automation/domain/stack-outputs";
import { moveApiPointer } from "../automation/traffic/move-api-pointer";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { bareStack, benchHash } from "./bare-stack";
import { median, ms, timed } from "./stats";

/**
 * Rolling the api back by one alias flip (UpdateAlias confirmed by GetAlias, what the
 * server does) against rolling back by redeploying the previous release through `up`
 * (what the replaced scripts did), alternated in one run on a stack of its own. Then the
 * same flip through the server: POST /rollback until the journal has the pointer moved.
 */
export async function rollbackFlipVersusRedeploy(world: ReleaseWorld, runs: number): Promise<void> {
  const stack = await bareStack(world, "rollback-bench");
  const previous = readStackOutputs((await stack.up()).outputs);
  await stack.setConfig("flightdeck:apiGitHash", { value: benchHash(2) });
  const outputs = readStackOutputs((await stack.up()).outputs);
  const aws = createAwsClients(world.aws.aws);
  const versions = [previous.pointers.api, outputs.pointers.api];
  // Journaled like a rollback's: an intent before the call, settled after it.
  const { journal } = world.server.app;
  const operation = await journal.recordOperation({
    stack: stack.name,
    kind: "rollback",
    requestedBy: "bench",
    request: {},
  });
  const context = { journal, operationId: operation.id, stack: stack.name, aws, outputs };

  const flips: number[] = [];
  const redeploys: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The flip goes back, then forward again, so every timed call really moves the alias.
    for (const version of [versions[0]!, versions[1]!]) {
      flips.push(
        await timed(async () =>
          assert.equal(
            (await moveApiPointer(context, { gitHash: "", pointer: version, tag: 0 })).moved,
            true,
          ),
        ),
      );
    }
    redeploys.push(
      await timed(async () => {
        await stack.setConfig("flightdeck:apiGitHash", { value: benchHash(1) });
        assert.equal((await stack.up()).summary.result, "succeeded");
      }),
    );
    // Forward again, untimed, so the next redeploy is a rollback too.
    await stack.setConfig("flightdeck:apiGitHash", { value: benchHash(2) });
    await stack.up();
  }

  const server = await serverRollbacks(world, runs);
  console.log(`alias flip (+ GetAlias)     median ${ms(median(flips))} over ${flips.length}`);
  console.log(`redeploy through up         median ${ms(median(redeploys))} over ${runs}`);
  console.log(
    `up / flip                   ${(median(redeploys) / median(flips)).toFixed(1)}x (target >= 50x; flip target < 300 ms)`,
  );
  console.log(`POST /rollback to api moved median ${ms(median(server.moved))} over ${runs}`);
  console.log(
    `POST /rollback to succeeded median ${ms(median(server.succeeded))} over ${runs} (target < 1 s)`,
  );
}

/**
 * Through the server: from the request to the journal's `pointers` step succeeded. Each
 * repetition first deploys a fresh api release (untimed), then rolls back to the default
 * target, the newest good release before it: the real fast path, undoing a deploy just
 * made. Flipping between two releases instead would go back to the one the previous flip
 * marked bad, which is refused without `allowBad`, the override for the exception.
 */
async function serverRollbacks(
  world: ReleaseWorld,
  runs: number,
): Promise<{ moved: number[]; succeeded: number[] }> {
  const client = deploymentsClient(world.server);
  const moved: number[] = [];
  const succeeded: number[] = [];
  for (let i = 0; i < runs; i++) {
    world.repo.commit(
      { "services/api/handler.ts": `export const api = "bench ${i}";\n` },
      `api ${i}`,
    );
    const deployed = await client.deploy("production");
    assert.equal(deployed.status, "succeeded", JSON.stringify(deployed.error));
    // Timed on a stack at rest: the refresh following the deploy has ended.
    await client.atRest("production");
    const started = Date.now();
    const accepted = await client.start("production", "rollback", {
      services: ["api"],
      confirm: true,
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const id = accepted.body.deployment.id;
    await pointersMoved(world, id);
    moved.push(Date.now() - started);
    const finished = await client.finished(id, 60_000, 2);
    succeeded.push(Date.now() - started);
    assert.equal(finished.status, "succeeded", JSON.stringify(finished.error));
    await client.atRest("production");
  }
  return { moved, succeeded };
}

/** Until the rollback's journaled `pointers` step has succeeded, polled finely. */
async function pointersMoved(world: ReleaseWorld, id: string): Promise<void> {
  for (;;) {
    const step = (await world.server.app.journal.getOperation(id))?.steps.find(
      (s) => s.name === "pointers",
    );
    if (step?.status === "succeeded") return;
    assert.notEqual(step?.status, "failed");
    await sleep(2);
  }
}
