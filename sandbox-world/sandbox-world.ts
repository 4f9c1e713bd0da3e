import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { choosePorts } from "./choose-ports";
import { startEmulatedAws, type EmulatedAws } from "./emulated-aws";
import { createReleaseRepo } from "./release-repo";
import type { SandboxOptions, SandboxPorts } from "./sandbox-options";
import { sandboxLayout, type SandboxLayout } from "./sandbox-layout";
import { startSandboxServer, type SandboxServer } from "./sandbox-server";

/** The stacks the sandbox's repository starts with. */
export const sandboxStacks = ["staging", "production"];

export interface SandboxWorld {
  layout: SandboxLayout;
  ports: SandboxPorts;
  aws: EmulatedAws;
  server: SandboxServer;
  /** Whether this start picked up what an earlier one kept. */
  resumed: boolean;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One sandbox per directory: two would write one journal and one recording. */
function claim(layout: SandboxLayout): void {
  const pidFile = join(layout.dir, "sandbox.pid");
  const holder = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : undefined;
  if (holder && holder !== process.pid && alive(holder))
    throw new Error(`a sandbox already runs on ${layout.dir} (process ${holder}); stop it first`);
  writeFileSync(pidFile, String(process.pid));
  process.once("exit", () => rmSync(pidFile, { force: true }));
}

/**
 * The whole release world on this machine: the AWS API emulator (its state kept across
 * restarts), the runtime where the deployed services answer, the release repository made
 * from the release fixture with two stacks, and the automation server with its dashboard.
 */
export async function startSandboxWorld(
  options: SandboxOptions,
  say: (line: string) => void,
): Promise<SandboxWorld> {
  const layout = sandboxLayout(options.dir);
  mkdirSync(layout.dir, { recursive: true, mode: 0o700 });
  claim(layout);
  const ports = await choosePorts(options, say);
  const resumed = existsSync(join(layout.repo, ".git"));
  if (!resumed) createReleaseRepo(sandboxStacks, { dir: layout.repo });
  const aws = await startEmulatedAws({
    recorded: { file: layout.recording, port: ports.aws },
    runtimePort: ports.runtime,
  });
  // A server that fails to start has stopped the emulator already (sandbox-server.ts).
  const server = await startSandboxServer(layout, aws, ports.server);
  return { layout, ports, aws, server, resumed };
}
