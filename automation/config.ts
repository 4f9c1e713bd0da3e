import { isAbsolute, join, resolve } from "node:path";
import { repoRoot } from "../toolchain/paths";

export interface ServerConfig {
  host: string;
  port: number;
  /** Holds the embedded defaults: Pulumi file state and the journal. */
  dataDir: string;
  logLevel: string;
}

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function port(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT ?? "3000";
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${raw}"`);
  }
  return value;
}

/** Reads and validates the environment once at start; errors name the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const logLevel = env.LOG_LEVEL ?? "info";
  if (!logLevels.includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${logLevels.join(", ")}, got "${logLevel}"`);
  }
  const dataDir = env.FLIGHTDECK_DATA_DIR ?? join(repoRoot, ".data");
  return {
    host: env.HOST ?? "127.0.0.1",
    port: port(env),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    logLevel,
  };
}
