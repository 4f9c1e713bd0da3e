import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  forwardAction,
  weightsOf,
  weightsToward,
} from "../../automation/traffic/mcp-listener-weights";

const targetGroups = {
  blue: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/mcp-blue/1",
  green: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/mcp-green/2",
};

describe("mcp listener weights", () => {
  it("gives a percent to one side and the rest to the other", () => {
    assert.deepEqual(weightsToward("green", 25), { blue: 75, green: 25 });
    assert.deepEqual(weightsToward("blue", 100), { blue: 100, green: 0 });
    for (const bad of [-1, 101, 2.5, Number.NaN])
      assert.throws(() => weightsToward("green", bad), /a whole percent from 0 to 100/);
  });

  it("reads back the weights it writes, whichever order the groups come in", () => {
    const action = forwardAction(targetGroups, { blue: 75, green: 25 });
    assert.deepEqual(action, {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: targetGroups.blue, Weight: 75 },
          { TargetGroupArn: targetGroups.green, Weight: 25 },
        ],
      },
    });
    assert.deepEqual(weightsOf([action], targetGroups), { blue: 75, green: 25 });
    const reversed = {
      Type: "forward",
      ForwardConfig: { TargetGroups: [...action.ForwardConfig.TargetGroups].reverse() },
    };
    assert.deepEqual(weightsOf([reversed], targetGroups), { blue: 75, green: 25 });
  });

  it("reads relative ALB weights as percents, and one group alone as all of it", () => {
    const relative = forwardAction(targetGroups, { blue: 3, green: 1 });
    assert.deepEqual(weightsOf([relative], targetGroups), { blue: 75, green: 25 });
    const greenOnly = {
      Type: "forward",
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroups.green, Weight: 1 }] },
    };
    assert.deepEqual(weightsOf([greenOnly], targetGroups), { blue: 0, green: 100 });
  });

  it("refuses a listener changed by hand", () => {
    const stranger = {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: targetGroups.blue, Weight: 1 },
          {
            TargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/other/3",
            Weight: 1,
          },
        ],
      },
    };
    const fixed = { Type: "fixed-response" };
    const nothing = forwardAction(targetGroups, { blue: 0, green: 0 });
    for (const actions of [[stranger], [fixed], [nothing], [], undefined])
      assert.throws(
        () => weightsOf(actions, targetGroups),
        /does not forward to its blue and green/,
      );
  });
});
