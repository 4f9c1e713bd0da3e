import type { LiveService } from "../domain/live-state";
import { serviceNames, type ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import type { Journal } from "./journal";

export interface CurrentLive {
  services: Record<ServiceName, LiveService>;
  /** Cached outputs; absent when only a release recorded before the live state was kept. */
  outputs?: StackOutputs;
}

/** What a stack runs now: its live state, or, for a journal older than that, its latest release. */
export async function currentLive(
  journal: Journal,
  stack: string,
): Promise<CurrentLive | undefined> {
  const live = await journal.liveState(stack);
  if (live) return live;
  const latest = await journal.latestRelease(stack);
  if (!latest) return undefined;
  const services = Object.fromEntries(
    serviceNames.map((service) => [service, { ...latest.services[service], tag: latest.tag }]),
  ) as Record<ServiceName, LiveService>;
  return { services };
}
