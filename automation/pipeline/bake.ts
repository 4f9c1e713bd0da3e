import { setTimeout as sleep } from "node:timers/promises";
import type { AwsClients } from "../aws/aws-clients";
import type { VerifySettings } from "../settings/verify-settings";
import {
  describeFailures,
  judge,
  verifyHealth,
  type VerifyResult,
  type VerifyTarget,
} from "./verify-health";
import type { BakeSettings } from "../settings/bake-settings";
import { describeFiring, firingAlarms, type FiringAlarm } from "./watch-alarms";

export interface BakeOutcome {
  ok: boolean;
  health: VerifyResult[];
  /** Rounds of alarm reads and health probes after the builds first answered healthy. */
  rounds: number;
  firing?: FiringAlarm[];
  failure?: { code: "verification_failed" | "alarm"; message: string };
}

/**
 * After traffic moved: the builds must answer healthy where users reach them, then for
 * the bake time every round must find no watched alarm in ALARM and every build
 * healthy (a build failing `candidateFailures` probes in a row fails the bake).
 */
export async function bake(input: {
  targets: VerifyTarget[];
  alarms: string[];
  aws: AwsClients;
  verify: VerifySettings;
  settings: BakeSettings;
  signal: AbortSignal;
}): Promise<BakeOutcome> {
  const { targets, alarms, aws, verify, settings, signal } = input;
  const first = await verifyHealth(targets, verify, signal);
  const outcome: BakeOutcome = { ok: false, health: first.results, rounds: 0 };
  if (!first.ok) {
    const message = describeFailures(first.results);
    return { ...outcome, failure: { code: "verification_failed", message } };
  }
  const deadline = Date.now() + settings.seconds * 1000;
  const failuresInRow = new Map<VerifyTarget, number>();
  for (;;) {
    outcome.rounds++;
    const firing = await firingAlarms(aws.cloudwatch, alarms, signal);
    if (firing.length > 0)
      return { ...outcome, firing, failure: { code: "alarm", message: describeFiring(firing) } };
    for (const target of targets) {
      const healthy = await target.probe(signal).then(
        (seen) => judge(target, seen) === "healthy",
        () => false,
      );
      failuresInRow.set(target, healthy ? 0 : (failuresInRow.get(target) ?? 0) + 1);
      if ((failuresInRow.get(target) ?? 0) >= verify.candidateFailures) {
        const message = `${target.service} (${target.where}) failed ${verify.candidateFailures} health probes in a row during the bake`;
        return { ...outcome, failure: { code: "verification_failed", message } };
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) return { ...outcome, ok: true };
    await sleep(Math.min(settings.alarmPollMs, left), undefined, { signal });
  }
}
