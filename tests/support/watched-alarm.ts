import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type StateValue,
} from "@aws-sdk/client-cloudwatch";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import type { ReleaseWorld } from "./release-server";

/** An alarm on the api's errors (AWS/Lambda Errors, one or more in a minute). */
export async function putApiErrorsAlarm(
  cloudwatch: CloudWatchClient,
  alarmName: string,
): Promise<void> {
  await cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: alarmName,
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    }),
  );
}

/** The emulator never evaluates metrics: a test sets an alarm's state. */
export async function setAlarmState(
  cloudwatch: CloudWatchClient,
  alarmName: string,
  state: StateValue,
): Promise<void> {
  await cloudwatch.send(
    new SetAlarmStateCommand({
      AlarmName: alarmName,
      StateValue: state,
      StateReason: `set ${state}`,
    }),
  );
}

/**
 * An alarm on the api's errors in the emulator, listed in the production stack's
 * committed settings (`flightdeck:alarms`), which the release fixture exports as its
 * `alarmNames`.
 */
export async function watchApiAlarm(
  world: ReleaseWorld,
  alarmName: string,
): Promise<{ set(state: StateValue): Promise<void> }> {
  const cloudwatch = new CloudWatchClient(awsClientConfig(world.aws.aws.endpoint));
  await putApiErrorsAlarm(cloudwatch, alarmName);
  world.repo.commit(
    {
      "Pulumi.production.yaml": `config:\n  flightdeck:stage: production\n  flightdeck:name: fd\n  flightdeck:alarms:\n    api:\n      - ${alarmName}\n`,
    },
    "watch the api's errors",
  );
  return { set: (state) => setAlarmState(cloudwatch, alarmName, state) };
}
