import { currentLive } from "../journal/current-live";
import { analyzeRelease } from "./analyze-release";
import type { DeployOutcome } from "./deploy-outcome";
import type { DeployInput } from "./deploy-input";
import { releaseProgram } from "./release-program";

export type { DeployInput } from "./deploy-input";
export type { DeployOutcome } from "./deploy-outcome";

/** What `POST /stacks/:stack/deploy` does, in order. See docs/architecture.md. */
export async function runDeploy(input: DeployInput): Promise<DeployOutcome> {
  // A failed release goes back to what was live, which a rollback may have made older than the last release.
  const live = await currentLive(input.journal, input.stackName);
  const changes = await analyzeRelease(input);
  if (changes.affected.length === 0) {
    return {
      status: "skipped",
      summary: { reason: "nothing deployable changed since the last release" },
    };
  }

  const program = await input.openRelease();
  try {
    return await releaseProgram(input, program, changes, live);
  } finally {
    await program.dispose();
  }
}
