import { DescribeAlarmsCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { PipelineError } from "../domain/operation-error";

export interface FiringAlarm {
  name: string;
  reason: string;
}

/** DescribeAlarms takes at most 100 names a call. */
const pageSize = 100;

/**
 * The watched alarms now in ALARM. An alarm that does not exist is an error, not a
 * silence: a misspelt name would otherwise watch nothing.
 */
export async function firingAlarms(
  cloudwatch: CloudWatchClient,
  names: string[],
  signal: AbortSignal,
): Promise<FiringAlarm[]> {
  const found = new Map<string, { state?: string; reason?: string }>();
  for (let start = 0; start < names.length; start += pageSize) {
    const page = await cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmNames: names.slice(start, start + pageSize),
        AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
        MaxRecords: pageSize,
      }),
      { abortSignal: signal },
    );
    for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
      found.set(alarm.AlarmName ?? "", { state: alarm.StateValue, reason: alarm.StateReason });
  }
  const missing = names.filter((name) => !found.has(name));
  if (missing.length > 0)
    throw new PipelineError(
      "alarm_not_found",
      `CloudWatch has no alarm named ${missing.join(", ")}; the program's alarmNames output lists it`,
      { missing },
    );
  return names
    .filter((name) => found.get(name)?.state === "ALARM")
    .map((name) => ({ name, reason: found.get(name)?.reason ?? "" }));
}

/** "alarm A in ALARM (reason); alarm B …" for a deploy's error. */
export const describeFiring = (firing: FiringAlarm[]) =>
  firing
    .map((alarm) => `alarm ${alarm.name} in ALARM (${alarm.reason || "no reason given"})`)
    .join("; ");
