import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeListenersCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { AwsClients } from "../../automation/aws/aws-clients";
import type { MoveContext } from "../../automation/traffic/journaled-move";
import { weightsOf } from "../../automation/traffic/mcp-listener-weights";
import { readMcpWeights } from "../../automation/traffic/mcp-pair-pointer";
import { readPointer } from "../../automation/traffic/read-pointer";
import { setMcpWeights, type McpRolloutSides } from "../../automation/traffic/set-mcp-weights";
import { pairStack, startMcpPairJournal, type McpPairJournal } from "../support/mcp-pair-journal";

const stack = pairStack;

describe("moving mcp's listener weights", () => {
  let fixture: McpPairJournal;
  let aws: AwsClients;
  let journal: McpPairJournal["journal"];
  let world: McpPairJournal["world"];
  let context: MoveContext;
  let sides: McpRolloutSides;

  /** The listener's weights as the emulator describes them, not as a move answered. */
  const described = async () => {
    const { Listeners } = await aws.elbv2.send(
      new DescribeListenersCommand({ ListenerArns: [world.pair.listenerArn] }),
    );
    return weightsOf(Listeners?.[0]?.DefaultActions, world.pair.targetGroups);
  };
  const journaledMcp = async () => (await journal.liveState(stack))?.services.mcp;

  before(async () => {
    fixture = await startMcpPairJournal(4);
    ({ aws, journal, world, sides } = fixture);
    const operation = await journal.recordOperation({
      stack,
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    context = { journal, operationId: operation.id, stack, aws, outputs: fixture.outputs };
  });

  after(() => fixture?.close());

  it("reads the weights the program declared: all to the live side", async () => {
    assert.deepEqual(await readMcpWeights(aws, world.pair), { blue: 100, green: 0 });
    assert.deepEqual(await readPointer(aws, context.outputs, "mcp"), {
      pointer: world.taskDefinitions.blue,
    });
  });

  it("each step moves the listener, journals the canary's share, and reads back the same", async () => {
    for (const percent of [5, 25, 50]) {
      await setMcpWeights(context, sides, percent);
      assert.deepEqual(await described(), { blue: 100 - percent, green: percent });
      assert.deepEqual(await readMcpWeights(aws, world.pair), {
        blue: 100 - percent,
        green: percent,
      });
      const share = { [world.taskDefinitions.green]: percent / 100 };
      assert.deepEqual(await journaledMcp(), { ...sides.stable, weights: share });
      assert.deepEqual(await readPointer(aws, context.outputs, "mcp"), {
        pointer: world.taskDefinitions.blue,
        weights: share,
      });
    }
    const moves = await journal.pointerMoves(context.operationId);
    assert.deepEqual(
      moves.map((move) => [move.service, move.state, move.from, move.to]),
      [5, 25, 50].map(() => [
        "mcp",
        "moved",
        world.taskDefinitions.blue,
        world.taskDefinitions.blue,
      ]),
    );
  });

  it("at 100 the canary serves alone, and is what the journal says runs", async () => {
    await setMcpWeights(context, sides, 100);
    assert.deepEqual(await described(), { blue: 0, green: 100 });
    const canary = {
      gitHash: "b".repeat(40),
      pointer: world.taskDefinitions.green,
      tag: 4,
      unreleased: context.operationId,
    };
    assert.deepEqual(await journaledMcp(), canary);
    assert.deepEqual(await readPointer(aws, context.outputs, "mcp"), {
      pointer: world.taskDefinitions.green,
    });
  });

  it("0 gives the stable side everything back, with no weights left in the journal", async () => {
    await setMcpWeights(context, sides, 0);
    assert.deepEqual(await described(), { blue: 100, green: 0 });
    assert.deepEqual(await journaledMcp(), sides.stable);
  });

  it("a listener that is not there fails the move and leaves the journal as it was", async () => {
    const gone = { ...world.pair, listenerArn: `${world.pair.listenerArn}0` };
    const broken = { ...context, outputs: { ...context.outputs, mcpBlueGreen: gone } };
    await assert.rejects(setMcpWeights(broken, sides, 25));
    assert.deepEqual(await journaledMcp(), sides.stable);
    assert.deepEqual(await described(), { blue: 100, green: 0 });
    const last = (await journal.pointerMoves(context.operationId)).at(-1);
    // AWS could not be read back either: the intent stays open for recovery to settle.
    assert.equal(last?.state, "open");
  });
});
