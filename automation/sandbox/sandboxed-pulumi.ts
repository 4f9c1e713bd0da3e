import { dirname } from "node:path";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { engineEnvironment } from "./engine-env";
import type { Sandbox } from "./sandbox";

interface CommandResultLike {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * The SDK's own result and error types, so the Automation API tells a concurrent update
 * or a missing stack from other failures exactly as it does for the CLI it runs itself.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as {
  CommandResult: new (
    stdout: string,
    stderr: string,
    code: number,
    err?: Error,
  ) => CommandResultLike;
};
const { createCommandError } = require("@pulumi/pulumi/automation/errors") as {
  createCommandError: (result: CommandResultLike) => Error;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** What one release's engine may see besides its own home and tmp. */
export interface EngineBinds {
  cwd: string;
  writable: readonly string[];
  readOnly: readonly string[];
  pluginsDir?: string;
  /** Set in the engine's environment besides what engine-env.ts passes. */
  env: Record<string, string>;
  /** Run before each engine start: folders the engine writes handed to the sandbox's uid. */
  prepare: () => Promise<void>;
}

type Run = (
  args: string[],
  cwd: string,
  additionalEnv: Record<string, string>,
  onOutput?: (data: string) => void,
  onError?: (data: string) => void,
  signal?: AbortSignal,
) => Promise<CommandResultLike>;

/**
 * The pulumi CLI as a released commit's workspace runs it: every call (stack select, up,
 * preview, refresh) inside the sandbox, with the engine's environment only. A cancel is
 * the SIGINT the SDK would send, delivered to the engine inside, which stops gracefully.
 */
export function sandboxedPulumi(
  base: PulumiCommand,
  sandbox: Sandbox,
  binds: EngineBinds,
): PulumiCommand {
  const toolchainBin = dirname(base.command);
  const run: Run = async (args, cwd, additionalEnv, onOutput, onError, signal) => {
    // Cancelled before the engine started (checking out, installing): it never starts,
    // as an abort listener added now would never be called.
    signal?.throwIfAborted();
    if (!args.includes("--non-interactive")) args.push("--non-interactive");
    // The SDK reads the engine's events from a loopback address or, in some versions, a
    // file in a folder it made for the call: that folder is the engine's to write.
    const eventLog = args[args.indexOf("--event-log") + 1];
    const eventLogDir = eventLog?.startsWith("/") ? dirname(eventLog) : undefined;
    await binds.prepare();
    if (eventLogDir) await sandbox.handOver(eventLogDir);
    const env = { ...engineEnvironment(process.env, additionalEnv, toolchainBin), ...binds.env };
    const { child, commandPid } = sandbox.spawn(base.command, args, {
      cwd,
      writable: eventLogDir ? [...binds.writable, eventLogDir] : binds.writable,
      readOnly: [toolchainBin, ...binds.readOnly],
      pluginsDir: binds.pluginsDir,
      env,
    });
    const interrupt = () =>
      void commandPid.then((pid) => {
        try {
          if (pid) process.kill(pid, "SIGINT");
        } catch {
          // Already ended.
        }
      });
    signal?.addEventListener("abort", interrupt, { once: true });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput?.(chunk.toString());
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      onError?.(chunk.toString());
    });
    const code = await new Promise<number>((resolve) => {
      child.once("error", (error) => {
        stderr += error.message;
        resolve(-2);
      });
      child.once("close", (exit) => resolve(exit ?? -1));
    });
    signal?.removeEventListener("abort", interrupt);
    const result = new CommandResult(stdout, stderr, code);
    if (code !== 0) throw createCommandError(result);
    return result;
  };
  // The SDK's class has a private constructor; its instances are plain objects whose
  // `run` the workspace calls, so this one inherits the rest and replaces `run`.
  return Object.assign(Object.create(base) as PulumiCommand, { run });
}
