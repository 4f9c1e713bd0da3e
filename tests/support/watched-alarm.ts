import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type StateValue,
} from "@aws-sdk/client-cloudwatch";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import type { ReleaseWorld } from "./release-server";

/**
 * An alarm on the api's errors in the emulator, listed in the production stack's
 * committed settings (`flightdeck:alarms`), which the release fixture exports as its
 * `alarmNames`. The emulator never evaluates metrics: a test sets its state.
 */
export async function watchApiAlarm(
  world: ReleaseWorld,
  alarmName: string,
): Promise<{ set(state: StateValue): Promise<void> }> {
  const cloudwatch = new CloudWatchClient(awsClientConfig(world.aws.aws.endpoint));
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
  world.repo.commit(
    {
      "Pulumi.production.yaml": `config:\n  flightdeck:stage: production\n  flightdeck:name: fd\n  flightdeck:alarms:\n    api:\n      - ${alarmName}\n`,
    },
    "watch the api's errors",
  );
  return {
    async set(state) {
      await cloudwatch.send(
        new SetAlarmStateCommand({
          AlarmName: alarmName,
          StateValue: state,
          StateReason: `set ${state}`,
        }),
      );
    },
  };
}
