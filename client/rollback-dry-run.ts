import { ApiError } from "./api-error";
import { segment, type ApiClient } from "./api-client";
import type { RollbackPlanView } from "./types";

export interface DryRun {
  plan: RollbackPlanView;
  /** The server's own sentence on what the rollback would do. */
  message: string;
}

/**
 * Asks the server for a rollback's dry run: a rollback without `confirm` is answered
 * `400 confirmation_required` with the plan in `details`, and moves nothing.
 */
export async function requestRollbackPlan(
  client: ApiClient,
  stack: string,
  body: Record<string, unknown>,
): Promise<DryRun> {
  let answer: { status: number };
  try {
    answer = await client.post(`/stacks/${segment(stack)}/rollback`, body);
  } catch (error) {
    if (error instanceof ApiError && error.code === "confirmation_required") {
      return { plan: error.details as RollbackPlanView, message: error.message };
    }
    throw error;
  }
  throw new Error(
    `the server answered ${answer.status} to an unconfirmed rollback instead of its dry run (400 confirmation_required)`,
  );
}
