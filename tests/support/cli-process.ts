import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../toolchain/paths";

/** The package's bin, run as `npx flightdeck` runs it. */
export const cliLauncher = join(repoRoot, "cli", "flightdeck.cjs");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves once stdout has matched, with what it printed so far. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  done: Promise<CliResult>;
}

/**
 * The environment a CLI child gets: nothing of the test runner's but PATH and a home
 * and config directory of its own, so no user's saved login leaks in.
 */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), "flightdeck-cli-home-"));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    ...extra,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Starts `flightdeck <args>` as a child process with pipes (no terminal). */
export function startCli(args: string[], env: Record<string, string>, stdin?: string): RunningCli {
  const child = spawn(process.execPath, [cliLauncher, ...args], {
    env,
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of waiters) check();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(stdin ?? "");
  const done = new Promise<CliResult>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const waitForOutput = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(`no output matching ${pattern} in ${timeoutMs} ms:\n${stdout}\n${stderr}`),
        );
      }, timeoutMs);
      const check = () => {
        if (!pattern.test(stdout)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(stdout);
      };
      waiters.add(check);
      check();
      void done.then(() => {
        if (!waiters.has(check)) return;
        clearTimeout(timer);
        waiters.delete(check);
        reject(new Error(`the CLI ended before printing ${pattern}:\n${stdout}\n${stderr}`));
      });
    });
  return { child, waitForOutput, done };
}

/** Runs `flightdeck <args>` to its end. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<CliResult> {
  return startCli(args, env, stdin).done;
}
