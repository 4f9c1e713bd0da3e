import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";

/** A rollout step as a deploy's body gives it. */
export interface BenchStep {
  weight: number;
  pause?: string;
}

/** The file of each service a change commits. */
const changedFile = { api: "services/api/handler.ts", mcp: "services/mcp/server.ts" } as const;

/**
 * Commits a change of `service` (`label` makes it new) and starts its deploy, rolled out
 * by `steps`: the deploy's id and the commit, the hash the new build reports.
 */
export async function deployChange(
  world: ReleaseWorld,
  service: keyof typeof changedFile,
  steps: BenchStep[],
  label: string,
): Promise<{ id: string; commit: string }> {
  const commit = world.repo.commit(
    { [changedFile[service]]: `export const ${service} = ${JSON.stringify(label)};\n` },
    `${service}: ${label}`,
  );
  const started = await deploymentsClient(world.server).start("production", "deploy", {
    rollout: { [service]: { steps } },
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
