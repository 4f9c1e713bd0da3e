import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../automation/app";
import { loadConfig } from "../automation/config";
import { pulumiBinDir } from "../toolchain/paths";
import type { EmulatedAws } from "./emulated-aws";
import type { SandboxLayout } from "./sandbox-layout";

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
