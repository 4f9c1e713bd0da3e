import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { dropRolloutWeights } from "../../automation/operations/drop-rollout-weights";
import { promotedMcpSide } from "../../automation/operations/promoted-mcp-side";
import { forwardAction } from "../../automation/traffic/mcp-listener-weights";
import { readMcpWeights } from "../../automation/traffic/mcp-pair-pointer";
import { setMcpWeights } from "../../automation/traffic/set-mcp-weights";
import { beginDeploy } from "../support/begin-deploy";
import { pairStack, startMcpPairJournal, type McpPairJournal } from "../support/mcp-pair-journal";

const stack = pairStack;

/** What recoverOperation does for mcp once its open moves are settled (recover-operation.ts). */
describe("recovering a deploy whose mcp rollout was interrupted part way", () => {
  let fixture: McpPairJournal;

  before(async () => {
    fixture = await startMcpPairJournal(3);
  });

  after(() => fixture?.close());

  it("gives the live side all the traffic back, journaled, and says so", async () => {
    const { aws, journal, world, outputs, sides } = fixture;
    const stable = sides.stable;
    const operationId = await beginDeploy(journal, stack);
    // The rollout's step 2 of 3 had moved when the server died.
    await setMcpWeights({ journal, operationId, stack, aws, outputs }, sides, 40);
    assert.deepEqual(await readMcpWeights(aws, world.pair), { blue: 60, green: 40 });

    const live = await journal.liveState(stack);
    assert.ok(live);
    const note = async (message: string, data: Record<string, unknown>) => {
      await journal.appendEvent(operationId, "log", { message, ...data });
    };
    const operation = await journal.getOperation(operationId);
    assert.ok(operation);
    await dropRolloutWeights(journal, aws, operation, live, note, ["mcp"]);

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
    const { aws, journal, world } = fixture;
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
