import assert from "node:assert/strict";
import type { Journal } from "../../automation/journal/journal";

/** A deploy of `stack` that `ci` asked for, begun on `journal`: its id. */
export async function beginDeploy(journal: Journal, stack: string): Promise<string> {
  const begun = await journal.beginOperation({
    stack,
    kind: "deploy",
    requestedBy: "ci",
    request: {},
  });
  assert.ok("operation" in begun, `stack ${stack} is free`);
  return begun.operation.id;
}
