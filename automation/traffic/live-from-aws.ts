import type { LiveService } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import type { ServiceName } from "../domain/services";
import type { ObservedPointer } from "./read-pointer";

/**
 * What a service runs, given the pointer AWS reports: the newest release with that
 * pointer, or, when none has it, a build no release knows (`unreleased: "unknown"`),
 * placed after the release the journal had.
 */
export function liveFromAws(
  service: ServiceName,
  observed: ObservedPointer,
  releases: ReleaseManifest[],
  journaled: LiveService,
): LiveService {
  const weights = observed.weights ? { weights: observed.weights } : {};
  if (observed.pointer === journaled.pointer) return { ...journaled, weights: observed.weights };
  const release = releases.findLast((r) => r.services[service].pointer === observed.pointer);
  if (release) return { ...release.services[service], tag: release.tag, ...weights };
  return {
    gitHash: "unknown",
    pointer: observed.pointer,
    tag: journaled.tag,
    unreleased: "unknown",
    ...weights,
  };
}

export const sameWeights = (a?: Record<string, number>, b?: Record<string, number>) =>
  JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
