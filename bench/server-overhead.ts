import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import { deploymentsClient } from "../tests/support/deployments-client";
import { releaseFixtureProgram } from "../tests/fixtures/release-program/program";
import { createInlineStack } from "../tests/support/pulumi-engine";
import type { ReleaseWorld } from "../tests/support/release-server";
import { median, ms, timed } from "./stats";

/**
 * The same `up` (a new api hash: function update, new version, alias move) through the
 * server's deploy and through the bare Automation API, alternated in one run.
 */
export async function serverOverhead(world: ReleaseWorld, runs: number): Promise<void> {
  const client = deploymentsClient(world.server);
  // The bare stack runs on the test engine with its own passphrase, against the same emulator.
  Object.assign(world.engine.envVars, world.aws.engineEnv);
  const bare: Stack = await createInlineStack(
    world.engine,
    "flightdeck",
    "bare",
    releaseFixtureProgram({ runtimeUrl: world.aws.runtime.url }),
  );
  const hash = (i: number) => i.toString(16).padStart(40, "0");
  await bare.setAllConfig({
    "flightdeck:stage": { value: "bare" },
    "flightdeck:apiGitHash": { value: hash(1) },
    "flightdeck:webGitHash": { value: hash(1) },
    "flightdeck:mcpGitHash": { value: hash(1) },
  });
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
        await bare.setConfig("flightdeck:apiGitHash", { value: hash(i + 2) });
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
