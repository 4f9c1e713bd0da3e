import assert from "node:assert/strict";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { bareStack, benchHash } from "./bare-stack";
import { median, ms, timed } from "./stats";

/**
 * The same `up` (a new api hash: function update, new version, alias move) through the
 * server's deploy and through the bare Automation API, alternated in one run.
 */
export async function serverOverhead(world: ReleaseWorld, runs: number): Promise<void> {
  const client = deploymentsClient(world.server);
  const bare = await bareStack(world, "bare");
  await bare.up();

  const server: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < runs; i++) {
    world.repo.commit({ "services/api/handler.ts": `export const api = ${i + 10};\n` }, "api");
    server.push(
      await timed(async () => {
        // A fine poll, so waiting adds next to nothing to the server's time.
        const deployment = await client.deploy("production", {}, 10);
        assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
        assert.deepEqual(deployment.affectedServices, ["api"]);
      }),
    );
    direct.push(
      await timed(async () => {
        await bare.setConfig("flightdeck:apiGitHash", { value: benchHash(i + 2) });
        assert.equal((await bare.up()).summary.result, "succeeded");
      }),
    );
  }
  console.log(`api up through the server   median ${ms(median(server))} over ${runs}`);
  console.log(`same up, bare Automation API median ${ms(median(direct))} over ${runs}`);
  console.log(
    `server / bare               ${(median(server) / median(direct)).toFixed(2)} (target <= 1.10)`,
  );
}
