import type { LiveService } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import { serviceNames, type ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import { createNextReleaseTag } from "../git/release-tags";
import type { CurrentLive } from "../journal/current-live";
import type { Journal } from "../journal/journal";

/**
 * Tags the deployed commit with the next integer and records what each service runs:
 * affected services this release's build; the others whatever was live before, which a
 * rollback may have moved to an older release. The live state moves with it.
 */
export async function recordRelease(input: {
  journal: Journal;
  repoDir: string;
  stack: string;
  deploymentId: string;
  commit: string;
  affected: ServiceName[];
  outputs: StackOutputs;
  live?: CurrentLive;
  incident?: ReleaseManifest["incident"];
}): Promise<ReleaseManifest> {
  const { journal, repoDir, stack, deploymentId, commit, affected, outputs, live } = input;
  const tag = await createNextReleaseTag(
    repoDir,
    commit,
    `flightdeck release of stack ${stack} (${deploymentId})`,
  );
  const liveServices = Object.fromEntries(
    serviceNames.map((service): [ServiceName, LiveService] => {
      const pointer = outputs.pointers[service];
      const before = live?.services[service];
      if (affected.includes(service) || !before)
        return [service, { gitHash: commit, pointer, tag }];
      return [service, { gitHash: before.gitHash, pointer, tag: before.tag }];
    }),
  ) as Record<ServiceName, LiveService>;
  const manifest: ReleaseManifest = {
    stack,
    tag,
    commit,
    deploymentId,
    createdAt: new Date().toISOString(),
    services: Object.fromEntries(
      serviceNames.map((service) => {
        const { gitHash, pointer } = liveServices[service];
        return [service, { gitHash, pointer }];
      }),
    ) as ReleaseManifest["services"],
    ...(input.incident ? { incident: input.incident } : {}),
  };
  await journal.saveRelease(manifest, {
    stack,
    services: liveServices,
    outputs,
    updatedAt: manifest.createdAt,
  });
  return manifest;
}
