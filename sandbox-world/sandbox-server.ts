import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../automation/app";
import { loadConfig } from "../automation/config";
import { pulumiBinDir } from "../toolchain/paths";
import type { EmulatedAws } from "./emulated-aws";

/** Where the sandbox keeps each thing, all under one directory. */
export interface SandboxLayout {
  dir: string;
  /** Every request the emulator answered, replayed at the next start. */
  recording: string;
  /** The release repository: commit here, then deploy. */
  repo: string;
  /** The server's data directory: journal, stacks' state, passphrases, admin token. */
  data: string;
  pulumiHome: string;
  serverLog: string;
}

export const sandboxLayout = (dir: string): SandboxLayout => ({
  dir,
  recording: join(dir, "aws", "recording.jsonl"),
  repo: join(dir, "repo"),
  data: join(dir, "data"),
  pulumiHome: join(dir, "pulumi-home"),
  serverLog: join(dir, "server.log"),
});

/**
 * The settings the sandbox honours: how to confine released code, where the toolchain
 * and installs are cached, how long a bake watches, how much to log.
 */
const kept = new Set([
  "FLIGHTDECK_SANDBOX",
  "FLIGHTDECK_SANDBOX_UID",
  "FLIGHTDECK_TOOLCHAIN_DIR",
  "FLIGHTDECK_DEPENDENCIES_DIR",
  "FLIGHTDECK_BAKE_SECONDS",
  "LOG_LEVEL",
]);

/**
 * Drops every AWS, Pulumi and flightdeck setting of this process but those kept, before
 * anything starts: the engine inherits the environment, and a profile, a state bucket
 * or a token list meant for the real world must never reach the sandbox's.
 */
export function forgetRealWorldSettings(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) {
    if (/^(AWS_|PULUMI_|FLIGHTDECK_)/.test(name) && !kept.has(name)) delete env[name];
  }
  // A machine on EC2 would otherwise answer with its role.
  env.AWS_EC2_METADATA_DISABLED = "true";
}

export interface SandboxServer {
  app: FastifyInstance;
  url: string;
  /** The admin token the server made in its data directory. */
  token: string;
}

/**
 * The automation server on the embedded defaults (file state, SQLite journal, a
 * generated admin token) in the sandbox's data directory, releasing the sandbox's
 * repository into the emulator, and saying so to clients. Logs go to a file: the
 * terminal is the launcher's. Closing it stops the emulator.
 */
export async function startSandboxServer(
  layout: SandboxLayout,
  aws: EmulatedAws,
  port: number,
): Promise<SandboxServer> {
  const config = loadConfig({
    ...process.env,
    FLIGHTDECK_SANDBOX_WORLD: "on",
    FLIGHTDECK_DATA_DIR: layout.data,
    FLIGHTDECK_REPO_DIR: layout.repo,
    FLIGHTDECK_PULUMI_HOME: layout.pulumiHome,
    HOST: "127.0.0.1",
    PORT: String(port),
    // The emulator's alarms never fire: a short watch keeps each deploy quick.
    FLIGHTDECK_BAKE_SECONDS: process.env.FLIGHTDECK_BAKE_SECONDS ?? "5",
    // The release fixture's own typecheck: it has no npm scripts for the default check.
    FLIGHTDECK_CHECKS: JSON.stringify(["node_modules/.bin/tsc --noEmit"]),
    // Ctrl-C should not wait a minute for a deploy nobody watches any more.
    FLIGHTDECK_SHUTDOWN_GRACE_MS: "5000",
  });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const app = await buildApp({
    config,
    engineEnv: {
      ...aws.engineEnv,
      // The engine finds the language host and the dynamic provider launcher there.
      PATH: `${pulumiBinDir()}${delimiter}${process.env.PATH ?? ""}`,
      RELEASE_FIXTURE_RUNTIME_URL: aws.runtime.url,
    },
    aws: aws.aws,
    logStream: createWriteStream(layout.serverLog, { flags: "a" }),
  }).catch(async (error: unknown) => {
    await aws.stop();
    throw error;
  });
  // The emulator serves this server alone: closing the server (Ctrl-C) stops it too.
  app.addHook("onClose", () => aws.stop());
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    token: readFileSync(join(layout.data, "admin-token"), "utf8").trim(),
  };
}
