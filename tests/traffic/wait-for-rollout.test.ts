import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { createAwsClients, type AwsClients } from "../../automation/aws/aws-clients";
import type { StackOutputs } from "../../automation/domain/stack-outputs";
import { waitForRollout } from "../../automation/traffic/wait-for-rollout";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";

/** Only what waitForRollout reads of the stack's outputs. */
const outputsOf = (cluster: string): StackOutputs => ({
  apiFunctionName: "unused",
  apiAliasName: "live",
  mcpClusterName: cluster,
  mcpServiceName: "mcp",
  webDistributionId: "unused",
  pointers: { api: "1", web: "unused", mcp: "unused" },
  healthUrls: { api: "unused", web: "unused", mcp: "unused" },
  alarmNames: { api: [], web: [], mcp: [] },
});

async function createService(aws: AwsClients, cluster: string): Promise<void> {
  await aws.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const task = await aws.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${cluster}-mcp`,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      containerDefinitions: [{ name: "mcp", image: "mcp:aaaaaaa" }],
    }),
  );
  await aws.ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: "mcp",
      taskDefinition: task.taskDefinition?.taskDefinitionArn,
      desiredCount: 1,
      launchType: "FARGATE",
    }),
  );
}

/** Waits on the service `mcp` of `cluster`, uncancelled unless a signal is given. */
const waitOn = (
  clients: AwsClients,
  cluster: string,
  timeoutMs: number,
  signal = new AbortController().signal,
) => waitForRollout(clients, outputsOf(cluster), timeoutMs, signal);

describe("waiting for an ECS rollout", () => {
  // Tasks that never start: the emulator reports none running, as ECS does while a
  // rollout is stuck pulling an image or failing health checks.
  let stuck: MotoServer;
  let aws: AwsClients;

  before(async () => {
    stuck = await startMotoServer({ MOTO_ECS_SERVICE_RUNNING: "0" });
    aws = createAwsClients(awsClientConfig(stuck.endpoint));
    await createService(aws, "stuck");
  });

  after(() => stuck.stop());

  it("gives up at its bound and reports where the rollout got to, without throwing", async () => {
    const started = Date.now();
    const state = await waitOn(aws, "stuck", 2_000);
    assert.equal(state.steady, false);
    assert.deepEqual([state.running, state.desired], [0, 1]);
    assert.ok(Date.now() - started < 30_000, "bounded");
  });

  it("stops waiting at once when the operation is cancelled", async () => {
    const controller = new AbortController();
    const waiting = waitOn(aws, "stuck", 600_000, controller.signal);
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(waiting);
  });

  it("reports a service running what it should as steady", async () => {
    const running = await startMotoServer({ MOTO_ECS_SERVICE_RUNNING: "1" });
    try {
      const clients = createAwsClients(awsClientConfig(running.endpoint));
      await createService(clients, "running");
      const state = await waitOn(clients, "running", 30_000);
      assert.equal(state.steady, true);
      assert.deepEqual([state.running, state.desired, state.deployments], [1, 1, 1]);
    } finally {
      await running.stop();
    }
  });
});
