import { spawn } from "node:child_process";
import { PipelineError } from "./pipeline-error";

/** Runs a shell command in a tree; keeps the last 4000 characters of its output. */
export function runCommand(
  command: string,
  repoDir: string,
  signal: AbortSignal,
): Promise<{ code: number | null; output: string }> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    // A group of its own, so that cancelling stops what the shell started too (a
    // compiler, a test runner), not only the shell.
    const child = spawn("sh", ["-c", command], {
      cwd: repoDir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stop = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // The group has already ended.
      }
      reject(signal.reason instanceof Error ? signal.reason : new Error("cancelled"));
    };
    signal.addEventListener("abort", stop, { once: true });
    let output = "";
    const keepTail = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", keepTail);
    child.stderr.on("data", keepTail);
    child.once("error", reject);
    child.once("close", (code) => {
      signal.removeEventListener("abort", stop);
      resolve({ code, output });
    });
  });
}

/** Runs the configured checks in order; the first failure stops the deploy before `up`. */
export async function runChecks(
  commands: string[],
  repoDir: string,
  signal: AbortSignal,
): Promise<{ passed: string[] }> {
  const passed: string[] = [];
  for (const command of commands) {
    const { code, output } = await runCommand(command, repoDir, signal);
    if (code !== 0) {
      throw new PipelineError(
        "checks_failed",
        `check \`${command}\` failed with exit code ${code}`,
        {
          command,
          outputTail: outputTail(output),
        },
      );
    }
    passed.push(command);
  }
  return { passed };
}

/** The end of a command's output as journaled: its last 30 lines. */
export const outputTail = (output: string) => output.split("\n").slice(-30).join("\n");
