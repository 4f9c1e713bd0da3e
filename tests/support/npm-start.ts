import { spawn, type ChildProcess } from "node:child_process";
import { repoRoot } from "../../toolchain/paths";
import { watchOutput } from "./watched-output";

export interface StartedServer {
  /** The base URL it listens on. */
  url: string;
  child: ChildProcess;
  /** Everything it wrote so far. */
  output(): string;
  /** Waits until its output contains `text`, failing with the output after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/**
 * `npm start`'s entry (automation/server.ts) in a process of its own with exactly `env`,
 * on a port the system picks (set PORT=0).
 */
export async function startNpmStart(env: NodeJS.ProcessEnv): Promise<StartedServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "automation/server.ts"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { output, waitFor, exited } = watchOutput(child, "the server");

  await waitFor("Server listening at");
  const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
  if (!url) throw new Error(`no address in the server's output:\n${output()}`);
  return {
    url,
    child,
    output,
    waitFor,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
