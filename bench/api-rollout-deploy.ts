import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";

/** A rollout step as a deploy's body gives it. */
export interface BenchStep {
  weight: number;
  pause?: string;
}

/**
 * Commits a change of the api (`label` makes it new) and starts its deploy, rolled out by
 * `steps`: the deploy's id and the commit, the hash the new build reports.
 */
export async function deployApiChange(
  world: ReleaseWorld,
  steps: BenchStep[],
  label: string,
): Promise<{ id: string; commit: string }> {
  const commit = world.repo.commit(
    { "services/api/handler.ts": `export const api = ${JSON.stringify(label)};\n` },
    `api: ${label}`,
  );
  const started = await deploymentsClient(world.server).start("production", "deploy", {
    rollout: { api: { steps } },
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return { id: started.body.deployment.id, commit };
}

/** Until the deploy's journal shows its `rollout` step begun: the build passed its checks. */
export async function rolloutBegun(world: ReleaseWorld, id: string): Promise<void> {
  for (;;) {
    const operation = await world.server.app.journal.getOperation(id);
    if (operation?.steps.some((step) => step.name === "rollout")) return;
    if (operation?.status !== "running")
      throw new Error(`deploy ${id} ended ${operation?.status} before its rollout began`);
    await sleep(2);
  }
}
