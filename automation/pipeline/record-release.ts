import type { ReleaseManifest } from "../domain/release";
import { serviceNames, type ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import { createNextReleaseTag } from "../git/release-tags";
import type { Journal } from "../journal/journal";

/**
 * Tags the deployed commit with the next integer and records what each service runs:
 * affected services at this commit, the others as the previous release left them.
 */
export async function recordRelease(input: {
  journal: Journal;
  repoDir: string;
  stack: string;
  deploymentId: string;
  commit: string;
  affected: ServiceName[];
  outputs: StackOutputs;
  previous?: ReleaseManifest;
}): Promise<ReleaseManifest> {
  const { journal, repoDir, stack, deploymentId, commit, affected, outputs, previous } = input;
  const services = Object.fromEntries(
    serviceNames.map((service) => {
      const gitHash =
        affected.includes(service) || !previous ? commit : previous.services[service].gitHash;
      return [service, { gitHash, pointer: outputs.pointers[service] }];
    }),
  ) as ReleaseManifest["services"];
  const tag = await createNextReleaseTag(
    repoDir,
    commit,
    `flightdeck release of stack ${stack} (${deploymentId})`,
  );
  const manifest: ReleaseManifest = {
    stack,
    tag,
    commit,
    deploymentId,
    createdAt: new Date().toISOString(),
    services,
  };
  journal.saveRelease(manifest);
  return manifest;
}
