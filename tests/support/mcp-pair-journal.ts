import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAwsClients, type AwsClients } from "../../automation/aws/aws-clients";
import type { LiveService } from "../../automation/domain/live-state";
import type { StackOutputs } from "../../automation/domain/stack-outputs";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import type { McpRolloutSides } from "../../automation/traffic/set-mcp-weights";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";
import { createMcpPairInEmulator, type McpPairInEmulator } from "./mcp-pair-in-emulator";

export const pairStack = "production";

/** An emulator with mcp's pair in it, and a journal that has the pair's blue side live. */
export interface McpPairJournal {
  moto: MotoServer;
  aws: AwsClients;
  journal: SqliteJournal;
  world: McpPairInEmulator;
  outputs: StackOutputs;
  /** Blue's build, live on every service, and green's new one: a rollout's two sides. */
  sides: McpRolloutSides;
  close(): Promise<void>;
}

/** Starts it: blue runs `a…a`, green `b…b`, and release `tag` is live on blue. */
export async function startMcpPairJournal(tag: number): Promise<McpPairJournal> {
  const moto = await startMotoServer();
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-mcp-pair-"));
  const journal = new SqliteJournal(join(dir, "journal.sqlite"));
  const close = async () => {
    await journal.close();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const world = await createMcpPairInEmulator(moto.endpoint, "fd-mcp", {
      blue: "a".repeat(40),
      green: "b".repeat(40),
    });
    const outputs = {
      mcpClusterName: world.cluster,
      mcpServiceName: world.pair.serviceNames.blue,
      mcpBlueGreen: world.pair,
    } as StackOutputs;
    const stable: LiveService = {
      gitHash: "a".repeat(40),
      pointer: world.taskDefinitions.blue,
      tag,
    };
    await journal.saveLiveState({
      stack: pairStack,
      services: { api: stable, web: stable, mcp: stable },
      outputs,
      updatedAt: new Date().toISOString(),
    });
    const canary = {
      side: "green" as const,
      taskDefinition: world.taskDefinitions.green,
      gitHash: "b".repeat(40),
    };
    const aws = createAwsClients(awsClientConfig(moto.endpoint));
    return { moto, aws, journal, world, outputs, sides: { stable, canary }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
