import { spawnSync, type SpawnSyncOptions } from "node:child_process";

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws, so callers decide what a failure means. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): RunResult {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  return {
    status: result.error ? null : result.status,
    stdout: String(result.stdout ?? ""),
    stderr: result.error ? result.error.message : String(result.stderr ?? ""),
  };
}

/** Runs a command and throws with its output when it fails. */
export function runOrThrow(
  command: string,
  args: string[],
  options: SpawnSyncOptions = {},
): string {
  const result = run(command, args, options);
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`\`${command} ${args.join(" ")}\` failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout;
}
