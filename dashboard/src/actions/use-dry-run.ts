import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/api-error";
import type { ApiClient } from "../api/client";
import type { RollbackPlanView, ServiceName } from "../api/types";

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
    void client
      .post(`/stacks/${encodeURIComponent(stack)}/rollback`, rollbackBody(request))
      // Without `confirm` a 2xx never comes; were it to, it is no plan to show.
      .then(
        () => new Error("the server answered the dry run without a plan"),
        (error: unknown) => error,
      )
      .then((answer) => {
        if (!current) return;
        const dryRun = answer instanceof ApiError && answer.code === "confirmation_required";
        setState({
          plan: dryRun ? (answer.details as RollbackPlanView) : undefined,
          summary: dryRun ? answer.message : undefined,
          error: dryRun ? undefined : answer,
          loading: false,
        });
      });
    return () => {
      current = false;
    };
    // `key` stands for every field of the request.
  }, [client, stack, key]);
  return state;
}
