import { join } from "node:path";
import type { Journal } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { beginDeploy } from "./begin-deploy";

/**
 * A second instance on a server's SQLite journal: it stands in for the instance that runs
 * the deploys, so a test puts a rollout in progress without the engine or AWS.
 */
export function openStandInJournal(dataDir: string): SqliteJournal {
  return new SqliteJournal(join(dataDir, "journal.sqlite"));
}

/**
 * A deploy of `stack` that `ci` asked for, journaled at the last of `steps`: each step
 * before it succeeded, the last one running. The default, `rollout` alone, is a rollout
 * in progress, which the rollout commands accept.
 */
export async function deployAtStep(
  journal: Journal,
  stack: string,
  steps: readonly string[] = ["rollout"],
): Promise<string> {
  const id = await beginDeploy(journal, stack);
  for (const [i, step] of steps.entries()) {
    if (i > 0) await journal.finishStep(id, steps[i - 1]!, "succeeded");
    await journal.startStep(id, step);
  }
  return id;
}
