import type { ApiClient } from "./api-client";
import { segment } from "./api-client";
import type { RolloutCommandAcceptedView, RolloutCommandKind } from "./types";

export interface RolloutCommandOptions {
  /** promote only: straight to 100 %. */
  full?: boolean;
  reason?: string;
}

/**
 * Asks a running rollout to pause, resume, promote or abort: the server journals the
 * command (202) and the rollout acts on it. Only what was given is sent.
 */
export async function requestRolloutCommand(
  client: ApiClient,
  id: string,
  kind: RolloutCommandKind,
  options: RolloutCommandOptions = {},
): Promise<RolloutCommandAcceptedView> {
  const body = {
    ...(kind === "promote" && options.full ? { full: true } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
  };
  const { body: accepted } = await client.post<RolloutCommandAcceptedView>(
    `/deployments/${segment(id)}/${kind}`,
    body,
  );
  return accepted;
}
