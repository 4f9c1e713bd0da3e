import { serviceKeys, type ServiceName } from "../domain/services";
import type { ReleaseStack } from "../engine/release-stack";
import type { CurrentLive } from "../journal/current-live";

/** What a deploy changes in the stack's settings before `up`. */
export interface ReleaseConfig {
  set: Record<string, string>;
  /** Pins to clear: a deploy that really changes a service supersedes its rollback pin. */
  remove: string[];
  /** The services whose traffic `up` must not move: their builds are checked first. */
  held: ServiceName[];
}

/**
 * The new hash for the affected services only, so the others have no diff. Alias
 * `live` and the web origin path are held (pinned) on what users have, so `up` only
 * publishes the new version and uploads the new prefix; mcp is rolled out by ECS behind
 * its own gate, unless it has a rollout: then its live side is held too, and `up` starts
 * the new build on the idle side only. A stack with nothing live has no users to hold
 * traffic from.
 */
export function releaseConfig(
  affected: ServiceName[],
  commit: string,
  live: CurrentLive | undefined,
  mcpRollout = false,
): ReleaseConfig {
  const held: ServiceName[] = live
    ? affected.filter((service) => service !== "mcp" || mcpRollout)
    : [];
  const set: Record<string, string> = {};
  for (const service of affected) set[serviceKeys[service].hashConfig] = commit;
  for (const service of held) set[serviceKeys[service].pinConfig] = live!.services[service].pointer;
  const remove = affected
    .filter((service) => !held.includes(service))
    .map((service) => serviceKeys[service].pinConfig);
  return { set, remove, held };
}

/** Writes a release's settings on the server's side of the stack. */
export function applyReleaseConfig(stack: ReleaseStack, config: ReleaseConfig): Promise<void> {
  return stack.changeConfig({ set: config.set, remove: config.remove });
}
