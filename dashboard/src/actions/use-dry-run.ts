import { useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../../../client/api-client";
import { requestRollbackPlan } from "../../../client/rollback-dry-run";
import type { RollbackPlanView, ServiceName } from "../../../client/types";

export interface RollbackRequest {
  services: ServiceName[];
  /** A release tag, or the default target when undefined. */
  to: number | undefined;
  allowBad: boolean;
}

export const rollbackBody = (request: RollbackRequest) => ({
  services: request.services,
  ...(request.to === undefined ? {} : { to: request.to }),
  ...(request.allowBad ? { allowBad: true } : {}),
});

export interface DryRun {
  plan: RollbackPlanView | undefined;
  /** The server's own sentence on what the rollback would do. */
  summary: string | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * The rollback's dry run for the request as it stands: the same POST without `confirm`,
 * which answers `400 confirmation_required` with the plan in `details` and moves nothing.
 */
export function useDryRun(client: ApiClient, stack: string, request: RollbackRequest): DryRun {
  const [state, setState] = useState<DryRun>({
    plan: undefined,
    summary: undefined,
    error: undefined,
    loading: true,
  });
  const key = JSON.stringify(rollbackBody(request));
  useEffect(() => {
    if (request.services.length === 0) {
      setState({ plan: undefined, summary: undefined, error: undefined, loading: false });
      return;
    }
    let current = true;
    setState((before) => ({ ...before, loading: true }));
    requestRollbackPlan(client, stack, rollbackBody(request)).then(
      ({ plan, message }) => {
        if (current) setState({ plan, summary: message, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (current) setState({ plan: undefined, summary: undefined, error, loading: false });
      },
    );
    return () => {
      current = false;
    };
    // `key` stands for every field of the request.
  }, [client, stack, key]);
  return state;
}
