import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

const repoRoot = join(__dirname, "..", "..", "..");

export interface ServiceProcess {
  /** Base URL the process says it listens on, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Every line the process wrote to stdout and stderr so far. */
  output: string[];
  /** Sends a signal and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a service as its own process and waits for Fastify's "Server listening at" log
 * line, so tests talk to it exactly as a deployment would: over a socket.
 */
export async function startServiceProcess(
  args: string[],
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", ...env },
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  createInterface({ input: child.stderr! }).on("line", (line) => output.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(([code]) =>
      reject(new Error(`exited with ${code} before listening:\n${output.join("\n")}`)),
    );
  });
  return {
    url,
    output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}
