import { unconfined, type ProcessStarter } from "../sandbox/process-starter";
import { PipelineError } from "../domain/operation-error";

const keptOutput = 4000;

/**
 * The last characters of a command's output, from a line's start when there is one: a
 * cut through a line could leave part of a secret where the mask cannot tell it is one.
 */
function tail(output: string): string {
  if (output.length <= keptOutput) return output;
  const kept = output.slice(-keptOutput);
  if (output.at(-keptOutput - 1) === "\n") return kept;
  const lineStart = kept.indexOf("\n");
  return lineStart >= 0 ? kept.slice(lineStart + 1) : kept;
}

/**
 * Runs a shell command in a tree with only the environment given (see command-env.ts),
 * in the release's sandbox when `start` confines it; keeps the last 4000 characters of
 * its output.
 */
export function runCommand(
  command: string,
  repoDir: string,
  env: Record<string, string>,
  signal: AbortSignal,
  start: ProcessStarter = unconfined,
): Promise<{ code: number | null; output: string }> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    // A group of its own, so that cancelling stops what the shell started too (a
    // compiler, a test runner), not only the shell.
    const { child } = start("/bin/sh", ["-c", command], repoDir, env);
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
    // Twice the tail, so that the tail can start at a line.
    const keepTail = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2 * keptOutput);
    };
    child.stdout?.on("data", keepTail);
    child.stderr?.on("data", keepTail);
    child.once("error", reject);
    child.once("close", (code) => {
      signal.removeEventListener("abort", stop);
      resolve({ code, output: tail(output) });
    });
  });
}

/** Runs the configured checks in order; the first failure stops the deploy before `up`. */
export async function runChecks(
  commands: string[],
  repoDir: string,
  env: Record<string, string>,
  signal: AbortSignal,
  start?: ProcessStarter,
): Promise<{ passed: string[] }> {
  const passed: string[] = [];
  for (const command of commands) {
    const { code, output } = await runCommand(command, repoDir, env, signal, start);
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
