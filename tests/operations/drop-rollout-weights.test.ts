import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { createAwsClients, type AwsClients } from "../../automation/aws/aws-clients";
import type { LiveService } from "../../automation/domain/live-state";
import type { StackOutputs } from "../../automation/domain/stack-outputs";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { dropRolloutWeights } from "../../automation/operations/drop-rollout-weights";
import { promotedMcpSide } from "../../automation/operations/promoted-mcp-side";
import { forwardAction } from "../../automation/traffic/mcp-listener-weights";
import { readMcpWeights } from "../../automation/traffic/mcp-pair-pointer";
import { setMcpWeights } from "../../automation/traffic/set-mcp-weights";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";
import { createMcpPairInEmulator, type McpPairInEmulator } from "../support/mcp-pair-in-emulator";

const stack = "production";

/** What recoverOperation does for mcp once its open moves are settled (recover-operation.ts). */
describe("recovering a deploy whose mcp rollout was interrupted part way", () => {
  let moto: MotoServer;
  let aws: AwsClients;
  let dir: string;
  let journal: SqliteJournal;
  let world: McpPairInEmulator;

  before(async () => {
    moto = await startMotoServer();
    aws = createAwsClients(awsClientConfig(moto.endpoint));
    dir = mkdtempSync(join(tmpdir(), "flightdeck-recover-mcp-"));
    journal = new SqliteJournal(join(dir, "journal.sqlite"));
    world = await createMcpPairInEmulator(moto.endpoint, "fd-mcp", {
      blue: "a".repeat(40),
      green: "b".repeat(40),
    });
  });

  after(async () => {
    await journal?.close();
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gives the live side all the traffic back, journaled, and says so", async () => {
    const outputs = {
      mcpClusterName: world.cluster,
      mcpServiceName: world.pair.serviceNames.blue,
      mcpBlueGreen: world.pair,
    } as StackOutputs;
    const stable: LiveService = {
      gitHash: "a".repeat(40),
      pointer: world.taskDefinitions.blue,
      tag: 3,
    };
    await journal.saveLiveState({
      stack,
      services: { api: stable, web: stable, mcp: stable },
      outputs,
      updatedAt: new Date().toISOString(),
    });
    const begun = await journal.beginOperation({
      stack,
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    assert.ok("operation" in begun);
    const operationId = begun.operation.id;
    // The rollout's step 2 of 3 had moved when the server died.
    await setMcpWeights(
      { journal, operationId, stack, aws, outputs },
      {
        stable,
        canary: {
          side: "green",
          taskDefinition: world.taskDefinitions.green,
          gitHash: "b".repeat(40),
        },
      },
      40,
    );
    assert.deepEqual(await readMcpWeights(aws, world.pair), { blue: 60, green: 40 });

    const live = await journal.liveState(stack);
    assert.ok(live);
    const note = async (message: string, data: Record<string, unknown>) => {
      await journal.appendEvent(operationId, "log", { message, ...data });
    };
    await dropRolloutWeights(journal, aws, begun.operation, live, note, ["mcp"]);

    assert.deepEqual(await readMcpWeights(aws, world.pair), { blue: 100, green: 0 });
    assert.deepEqual((await journal.liveState(stack))?.services.mcp, stable);
    const moves = await journal.pointerMoves(operationId);
    assert.deepEqual(
      moves.map((move) => [move.state, move.target.weights]),
      [
        ["moved", { [world.taskDefinitions.green]: 0.4 }],
        ["moved", undefined],
      ],
    );
    const events = await journal.listEvents(operationId);
    assert.ok(
      events.some((event) =>
        String(event.data.message).includes("recovery: removed the rollout's weight"),
      ),
      JSON.stringify(events),
    );
  });

  it("names the side a rollout promoted in AWS before the settings said so, and only then", async () => {
    const live = await journal.liveState(stack);
    assert.ok(live);
    assert.equal(
      await promotedMcpSide(aws, live),
      undefined,
      "blue has it all, as the settings say",
    );
    // As the rollout's own moves left the listener, part way and then all the way.
    const listen = (blue: number, green: number) =>
      aws.elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: world.pair.listenerArn,
          DefaultActions: [forwardAction(world.pair.targetGroups, { blue, green })],
        }),
      );
    await listen(60, 40);
    assert.equal(await promotedMcpSide(aws, live), undefined, "part way is not promoted");
    await listen(0, 100);
    assert.equal(await promotedMcpSide(aws, live), "green");
  });
});
