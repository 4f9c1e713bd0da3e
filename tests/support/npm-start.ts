import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { repoRoot } from "../../toolchain/paths";

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
  let output = "";
  const seen = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    seen.forEach((check) => check());
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = once(child, "exit") as Promise<[number | null]>;

  const waitFor = (text: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        seen.delete(check);
        reject(new Error(`no "${text}" from the server within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const check = () => {
        if (!output.includes(text)) return;
        clearTimeout(timer);
        seen.delete(check);
        resolve();
      };
      seen.add(check);
      void exited.then(([code]) => {
        if (!seen.has(check)) return;
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before "${text}":\n${output}`));
      });
      check();
    });

  await waitFor("Server listening at");
  const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  if (!url) throw new Error(`no address in the server's output:\n${output}`);
  return {
    url,
    child,
    output: () => output,
    waitFor,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const [code] = await exited;
      return code;
    },
  };
}
