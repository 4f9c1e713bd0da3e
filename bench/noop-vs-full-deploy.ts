import assert from "node:assert/strict";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { median, ms, timed } from "./stats";

/** A deploy with nothing deployable (answered by change analysis) against a full forced deploy. */
export async function noopVersusFullDeploy(world: ReleaseWorld, runs: number): Promise<void> {
  const client = deploymentsClient(world.server);
  const noop: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < runs; i++) {
    world.repo.commit({ "README.md": `# product ${i}\n` }, "docs");
    noop.push(
      await timed(async () => assert.equal((await client.deploy("production")).status, "skipped")),
    );
    full.push(
      await timed(async () =>
        assert.equal((await client.deploy("production", { force: true })).status, "succeeded"),
      ),
    );
  }
  console.log(`no-op deploy (skipped)      median ${ms(median(noop))} over ${runs}`);
  console.log(`full deploy (forced up)     median ${ms(median(full))} over ${runs}`);
  console.log(`full / no-op                ${(median(full) / median(noop)).toFixed(1)}x`);
}
