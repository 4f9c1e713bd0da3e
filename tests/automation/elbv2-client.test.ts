import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DescribeLoadBalancersCommand,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { createAwsClients, type AwsClients } from "../../automation/aws/aws-clients";
import { failedAction } from "../../automation/aws/failed-action";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";

describe("the server's ELBv2 client", () => {
  let moto: MotoServer;
  let aws: AwsClients;

  before(async () => {
    moto = await startMotoServer();
    aws = createAwsClients(awsClientConfig(moto.endpoint));
  });
  after(() => moto.stop());

  it("reaches the configured endpoint, as the other clients do", async () => {
    const found = await aws.elbv2.send(new DescribeLoadBalancersCommand({}));
    assert.deepEqual(found.LoadBalancers, []);
  });

  it("a refused call names its IAM action, whose prefix is elasticloadbalancing", async () => {
    const missing = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/none/1/2";
    const error = await aws.elbv2
      .send(new ModifyListenerCommand({ ListenerArn: missing, Port: 81 }))
      .then(
        () => undefined,
        (refused: unknown) => refused as object,
      );
    assert.ok(error, "ModifyListener on a missing listener must fail");
    assert.equal(failedAction(error), "elasticloadbalancing:ModifyListener");
  });
});
