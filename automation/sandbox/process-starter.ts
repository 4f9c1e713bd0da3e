import { spawn } from "node:child_process";
import type { SandboxedProcess } from "./sandbox";

/** Starts one of a release's commands: confined in its sandbox, or as the server's own child. */
export type ProcessStarter = (
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
) => SandboxedProcess;

/** A process group of its own, so that stopping it stops what it started too. */
export const unconfined: ProcessStarter = (command, args, cwd, env) => {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { child, commandPid: Promise.resolve(child.pid) };
};
