import type { AwsClients } from "../aws/aws-clients";
import type { Drift, LiveService } from "../domain/live-state";
import { serviceNames, type ServiceName } from "../domain/services";
import type { Journal, OperationPatch, OperationStatus } from "../journal/journal";
import type { PinChanges } from "../operations/recover-operation";
import type { StepRecorder } from "../operations/step-recorder";
import { liveFromAws, sameWeights } from "../traffic/live-from-aws";
import { readPointer } from "../traffic/read-pointer";

/**
 * What `POST /stacks/:stack/reconcile` does: reads the three pointers and the alias
 * weights from AWS, compares them with the journal's live state, records each
 * difference as an event, and makes live state (and the pins the next `up` follows)
 * say what AWS runs.
 */
export async function reconcileLive(input: {
  journal: Journal;
  aws: AwsClients;
  stack: string;
  operationId: string;
  recorder: StepRecorder;
  changePins: (changes: PinChanges) => Promise<void>;
}): Promise<OperationPatch & { status: OperationStatus }> {
  const { journal, aws, stack, recorder } = input;
  const live = await journal.liveState(stack);
  if (!live) {
    return {
      status: "skipped",
      summary: { reason: "the stack has no release yet: nothing is live to compare" },
    };
  }
  const observed = await recorder.step(
    "read-aws",
    async () =>
      Object.fromEntries(
        await Promise.all(
          serviceNames.map(async (s) => [s, await readPointer(aws, live.outputs, s)] as const),
        ),
      ) as Record<ServiceName, Awaited<ReturnType<typeof readPointer>>>,
    (pointers) => ({ ...pointers }),
  );
  const releases = await journal.listReleases(stack);
  const drift: Drift[] = [];
  const corrected = { ...live.services };
  for (const service of serviceNames) {
    const journaled = live.services[service];
    const found = observed[service];
    if (found.pointer === journaled.pointer && sameWeights(found.weights, journaled.weights))
      continue;
    drift.push({
      service,
      journal: journaled.pointer,
      aws: found.pointer,
      ...(found.weights ? { weights: found.weights } : {}),
    });
    corrected[service] = liveFromAws(service, found, releases, journaled);
    recorder.emit("log", {
      message: `drift: the journal had ${service} on ${journaled.pointer}, AWS runs ${found.pointer}${found.weights ? ` with weights ${JSON.stringify(found.weights)}` : ""}; live state now says what AWS runs`,
      service,
      journal: journaled.pointer,
      aws: found.pointer,
    });
  }
  await recorder.step(
    "correct",
    async () => {
      await journal.saveLiveCheck(
        stack,
        {
          at: new Date().toISOString(),
          operationId: input.operationId,
          agreed: drift.length === 0,
          drift,
        },
        corrected,
      );
      await input.changePins(pinsFor(drift, corrected));
      return { corrected: drift.map((d) => d.service) };
    },
    (r) => r,
  );
  return {
    status: "succeeded",
    affectedServices: drift.map((d) => d.service),
    summary: { agreed: drift.length === 0, drift },
    versions: Object.fromEntries(serviceNames.map((s) => [s, corrected[s].pointer])),
  };
}

/** The next `up` keeps what was found: a release's build pinned, an unknown one too. */
function pinsFor(drift: Drift[], corrected: Record<ServiceName, LiveService>): PinChanges {
  return {
    set: Object.fromEntries(drift.map((d) => [d.service, corrected[d.service].pointer])),
    remove: [],
  };
}
