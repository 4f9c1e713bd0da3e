import assert from "node:assert/strict";
import { ApiClient } from "../client/api-client";
import { followEvents } from "../client/follow-events";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { tokens } from "../tests/support/server-fixture";
import { deployTimeline, type Span } from "./deploy-steps";
import { handCheckout } from "./hand-checkout";
import { median, ms, timed } from "./stats";

/**
 * An api change released through the server (request to `succeeded`) against the same
 * commit released by hand: `pulumi up` of the commit's program in a checkout, on a stack
 * of the engineer's own. Alternated in one run; then where the deploy's time goes, by its
 * journaled steps.
 */
export async function deployVersusHandUp(
  world: ReleaseWorld,
  dependenciesDir: string,
  runs: number,
): Promise<void> {
  const client = deploymentsClient(world.server);
  // Waits as the CLI does: on the deploy's event stream, to its final event.
  const api = new ApiClient({ baseUrl: await world.server.url(), token: tokens.deployer });
  const hand = await handCheckout(world, dependenciesDir, "hand");
  try {
    // Its first `up` creates the stack's resources: later ones update the api, as the deploys do.
    await hand.pulumi("up", "--yes", "--skip-preview");
    // Untimed: the refresh that followed the world's first release has ended.
    await client.atRest("production");
    const server: number[] = [];
    const byHand: number[] = [];
    const timelines: Span[][] = [];
    for (let i = 0; i < runs; i++) {
      const commit = world.repo.commit(
        { "services/api/handler.ts": `export const api = "handup ${i}";\n` },
        `api ${i}`,
      );
      const requestedAt = Date.now();
      const started = await client.start("production", "deploy");
      const followed = await followEvents(api, started.body.deployment.id, () => undefined);
      const seenAt = Date.now();
      server.push(seenAt - requestedAt);
      assert.ok(followed.finished, "the deploy's stream reached its final event");
      const deployment = await client.get(started.body.deployment.id);
      assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
      assert.deepEqual(deployment.affectedServices, ["api"]);
      timelines.push(
        await deployTimeline(world.server.app.journal, deployment, requestedAt, seenAt),
      );
      // Untimed: the refresh that follows the deploy ends before the hand-run starts.
      await client.followingRefresh("production", deployment.id);
      await client.atRest("production");

      await hand.checkout(commit);
      await hand.pulumi("config", "set", "flightdeck:apiGitHash", commit);
      byHand.push(await timed(() => hand.pulumi("up", "--yes", "--skip-preview")));
    }
    console.log(`deploy through the server (api)  median ${ms(median(server))} over ${runs}`);
    console.log(`hand-run pulumi up, same commit  median ${ms(median(byHand))} over ${runs}`);
    console.log(
      `deploy through the server / hand-run pulumi up   ${(median(server) / median(byHand)).toFixed(2)} (target <= 1.25)`,
    );
    printTimeline(timelines);
  } finally {
    await hand.remove();
  }
}

/** Each span's median over the deploys, in the order they ran. */
function printTimeline(timelines: Span[][]): void {
  const byLabel = new Map<string, number[]>();
  for (const timeline of timelines)
    for (const [label, spent] of timeline)
      byLabel.set(label, [...(byLabel.get(label) ?? []), spent]);
  console.log("where the deploy's time went, median:");
  for (const [label, spent] of byLabel)
    console.log(`  ${label.padEnd(44)} ${ms(median(spent)).padStart(8)}`);
}
