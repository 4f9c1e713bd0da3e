import { spawn } from "node:child_process";
import { once } from "node:events";
import { watchOutput, type WatchedOutput } from "./watched-output";

export interface SandboxProcess extends WatchedOutput {
  /**
   * Ctrl-C at its terminal: SIGINT to its whole process group; resolves once every
   * process of it closed its output (npm itself ends by the signal, before the sandbox).
   */
  interrupt: () => Promise<void>;
}

/** The welcome's last line: everything listens. */
export const sandboxReady = "Ctrl-C stops everything";

/**
 * `npm run sandbox -- <args>` in the checkout `dir` with exactly `env`, in a process group
 * of its own, as a terminal runs it; resolves once it says everything listens.
 */
export async function startSandbox(
  dir: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<SandboxProcess> {
  const child = spawn("npm", ["run", "sandbox", "--", ...args], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const watched = watchOutput(child, "npm run sandbox");
  const closed = once(child, "close");
  const interrupt = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGINT");
    await closed;
  };
  // The dashboard's build and the first start of moto take a while on a loaded machine.
  await watched.waitFor(sandboxReady, 300_000).catch(async (error: unknown) => {
    await interrupt();
    throw error;
  });
  return { ...watched, interrupt };
}
