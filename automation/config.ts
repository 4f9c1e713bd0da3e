import { sandboxSetting, type SandboxSetting } from "./sandbox/sandbox-setting";
import { join } from "node:path";
import { absolutePath } from "./fs/absolute-path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serviceNames } from "./domain/services";
import type { PathMap } from "./settings/path-map";
import type { VerifySettings } from "./settings/verify-settings";
import type { CommandEnvNames } from "./settings/command-steps";
import { commandEnvSetting } from "./pipeline/command-env-setting";
import { defaultEngineEventsPerOperation } from "./journal/folded-engine-events";
import { repoRoot } from "../toolchain/paths";
import { secretsProviderFrom } from "./engine/secrets-provider";
import { s3StateUrlProblem } from "./engine/state-bucket";
import { TokenStore } from "./auth/token-store";
import { SecretMask } from "./secrets/secret-mask";
import { journalSetting } from "./journal/journal-setting";
import type { JournalConfig } from "./journal/open-journal";
import type { OperationSettings } from "./settings/operation-settings";
import { releaseRefsFromEnv } from "./git/release-ref-patterns";
import {
  webhooksFromEnv,
  type WebhookSettings,
  type WebhookTarget,
} from "./webhooks/webhook-config";

export interface ServerConfig extends JournalConfig, OperationSettings {
  host: string;
  port: number;
  logLevel: string;
  /** Holds the embedded defaults: Pulumi file state, the journal, workspaces, the admin token. */
  dataDir: string;
  /** The git repository being released, when there is no remote. */
  repoDir: string;
  /** A remote the server clones, fetches before each release and pushes release tags to. */
  repoUrl?: string;
  /** The branch whose tip a deploy without `ref` releases. */
  branch: string;
  /**
   * Full ref globs (refs/heads/…, refs/tags/…) a deploy or preview may release; a commit
   * id only when one of these refs reaches it. By default the release branch and release tags.
   */
  releaseRefs: string[];
  /** Installed dependencies of released commits, one folder per lockfile. */
  dependenciesDir: string;
  stateBackendUrl: string;
  /** What encrypts the stacks' secrets: `passphrase`, or an `awskms://` key several instances share. */
  secretsProvider: string;
  tokensFile?: string;
  /** Tokens given inline (FLIGHTDECK_TOKENS), kept only as digests. */
  tokens?: TokenStore;
  /**
   * Secret values masked in everything journaled, streamed or logged: the tokens as they
   * are read here; the server adds the passphrase and the stacks' secrets as it learns them.
   */
  secretMask: SecretMask;
  checks: string[];
  /**
   * Per step, the variables the operator passes to check, backup and migrate commands
   * beyond the allow-list; their values are in the secret mask.
   */
  commandEnv: CommandEnvNames;
  /**
   * Whether this server releases into the emulated world of `npm run sandbox` rather than
   * AWS (FLIGHTDECK_SANDBOX_WORLD): clients say so, so nobody takes it for production.
   */
  sandboxWorld: boolean;
  /** How the commit's code is confined (FLIGHTDECK_SANDBOX, FLIGHTDECK_SANDBOX_UID). */
  sandbox: SandboxSetting;
  pathMap: PathMap;
  verify: VerifySettings;
  shutdownGraceMs: number;
  /**
   * How long an operation's owner may go without renewing its lease before another
   * instance on the same journal takes the operation over and settles it.
   */
  leaseMs: number;
  /**
   * The operator's PULUMI_CONFIG_PASSPHRASE, kept here so that it can leave the server's
   * environment (see server-read-secrets.ts) and reach the engine only through its own.
   */
  pulumiPassphrase?: string;
  /** PULUMI_HOME for the engine (plugins, credentials); the CLI's own default when unset. */
  pulumiHome?: string;
  /** Event streams open at once, per token and in all; past either, a new one is refused. */
  streams: { perToken: number; total: number };
  /** Receivers of signed notifications of deploys, rollbacks and bad releases. */
  webhooks: WebhookTarget[];
  webhookDelivery: WebhookSettings;
}

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** The design notes' default: each service's folder, and what shapes every service. */
export const defaultPathMap: PathMap = {
  "services/api/**": "api",
  "services/web/**": "web",
  "services/mcp/**": "mcp",
  // Code the services share: a change there is a change to each of them.
  "services/shared/**": "all",
  "infra/**": "all",
  "package.json": "all",
  "package-lock.json": "all",
  "Pulumi*.yaml": "all",
};

type Env = Record<string, string | undefined>;

function integer(
  env: Env,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
  min = 0,
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max || Number(raw) < min)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function json<T>(
  env: Env,
  name: string,
  fallback: T,
  valid: (value: unknown) => value is T,
  shape: string,
): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be JSON (${shape})`);
  }
  if (!valid(value)) throw new Error(`${name} must be ${shape}`);
  return value;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string" && item.trim() !== "");

const isPathMap = (value: unknown): value is PathMap =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every(
    (target) => target === "all" || serviceNames.includes(target as never),
  );

/** The backends the pulumi CLI can log in to; anything else would fail at the first operation. */
const backendSchemes = ["file:", "s3:", "gs:", "azblob:", "http:", "https:"];

function backendUrl(env: Env, fallback: string): string {
  const raw = env.FLIGHTDECK_STATE_URL;
  if (raw === undefined || raw === "") return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value may carry credentials: name the variable, never echo it.
    throw new Error(
      "FLIGHTDECK_STATE_URL must be a URL such as file:///var/lib/state or s3://bucket",
    );
  }
  if (!backendSchemes.includes(url.protocol)) {
    throw new Error(
      `FLIGHTDECK_STATE_URL must use one of ${backendSchemes.map((s) => `${s}//`).join(", ")}`,
    );
  }
  const s3Problem = url.protocol === "s3:" ? s3StateUrlProblem(url) : undefined;
  if (s3Problem) throw new Error(`FLIGHTDECK_STATE_URL: ${s3Problem}`);
  if (url.protocol === "file:" && !fileUrlUsable(url)) {
    throw new Error(
      'FLIGHTDECK_STATE_URL: a file:// URL must name an absolute path with no host, such as file:///var/lib/flightdeck/state (file://~/… names a host "~"; write the home directory out)',
    );
  }
  return raw;
}

function fileUrlUsable(url: URL): boolean {
  try {
    fileURLToPath(url);
    return true;
  } catch {
    return false;
  }
}

function sandboxWorld(env: Env): boolean {
  const value = (env.FLIGHTDECK_SANDBOX_WORLD ?? "off").trim().toLowerCase();
  if (value !== "on" && value !== "off")
    throw new Error(`FLIGHTDECK_SANDBOX_WORLD must be "on" or "off", got "${value}"`);
  return value === "on";
}

function branchName(env: Env): string {
  const branch = env.FLIGHTDECK_BRANCH || "main";
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/.test(branch) || branch.includes(".."))
    throw new Error(`FLIGHTDECK_BRANCH must be a branch name such as main, got "${branch}"`);
  return branch;
}

/** Reads and validates the environment once at start; embedded defaults need nothing set. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const logLevel = env.LOG_LEVEL || "info";
  if (!logLevels.includes(logLevel))
    throw new Error(`LOG_LEVEL must be one of ${logLevels.join(", ")}, got "${logLevel}"`);
  const host = env.HOST || "127.0.0.1";
  if (/[\s/]/.test(host))
    throw new Error(`HOST must be a host name or an IP address, got "${host}"`);
  const dataDir = absolutePath(env.FLIGHTDECK_DATA_DIR || join(repoRoot, ".data"));
  const verify = {
    initialDelayMs: integer(env, "FLIGHTDECK_VERIFY_INITIAL_DELAY_MS", 2_000),
    maxDelayMs: integer(env, "FLIGHTDECK_VERIFY_MAX_DELAY_MS", 64_000),
    timeoutMs: integer(env, "FLIGHTDECK_VERIFY_TIMEOUT_MS", 300_000),
    candidateFailures: integer(env, "FLIGHTDECK_VERIFY_CANDIDATE_FAILURES", 3, 100) || 1,
  };
  if (verify.maxDelayMs < verify.initialDelayMs) {
    throw new Error(
      "FLIGHTDECK_VERIFY_MAX_DELAY_MS must not be below FLIGHTDECK_VERIFY_INITIAL_DELAY_MS",
    );
  }
  if (env.FLIGHTDECK_TOKENS && env.FLIGHTDECK_TOKENS_FILE) {
    throw new Error("set FLIGHTDECK_TOKENS or FLIGHTDECK_TOKENS_FILE, not both");
  }
  const secretMask = new SecretMask();
  const branch = branchName(env);
  return {
    host,
    port: integer(env, "PORT", 3000, 65535),
    logLevel,
    dataDir,
    repoDir: absolutePath(env.FLIGHTDECK_REPO_DIR || repoRoot),
    repoUrl: env.FLIGHTDECK_REPO_URL || undefined,
    branch,
    releaseRefs: releaseRefsFromEnv(env.FLIGHTDECK_RELEASE_REFS, branch),
    dependenciesDir: absolutePath(env.FLIGHTDECK_DEPENDENCIES_DIR || join(dataDir, "dependencies")),
    stateBackendUrl: backendUrl(env, pathToFileURL(join(dataDir, "state")).href),
    secretsProvider: secretsProviderFrom(env.FLIGHTDECK_SECRETS_PROVIDER),
    ...journalSetting(env, dataDir, secretMask),
    tokensFile: env.FLIGHTDECK_TOKENS_FILE ? absolutePath(env.FLIGHTDECK_TOKENS_FILE) : undefined,
    tokens: env.FLIGHTDECK_TOKENS
      ? TokenStore.fromJson(env.FLIGHTDECK_TOKENS, "FLIGHTDECK_TOKENS", secretMask)
      : undefined,
    secretMask,
    checks: json(
      env,
      "FLIGHTDECK_CHECKS",
      ["npm run typecheck"],
      isStringArray,
      "a JSON array of shell commands",
    ),
    commandEnv: commandEnvSetting(env, secretMask),
    sandbox: sandboxSetting(env),
    pathMap: json(
      env,
      "FLIGHTDECK_PATH_MAP",
      defaultPathMap,
      isPathMap,
      'a JSON object of glob → "api", "web", "mcp" or "all"',
    ),
    verify,
    bake: {
      seconds: integer(env, "FLIGHTDECK_BAKE_SECONDS", 60, 86_400),
      alarmPollMs: integer(env, "FLIGHTDECK_ALARM_POLL_MS", 5_000) || 1_000,
    },
    database: {
      backup: env.FLIGHTDECK_BACKUP_COMMAND?.trim() || undefined,
      migrate: env.FLIGHTDECK_MIGRATE_COMMAND?.trim() || undefined,
    },
    migrationsPath: env.FLIGHTDECK_MIGRATIONS_PATH?.trim() || "migrations/**",
    shutdownGraceMs: integer(env, "FLIGHTDECK_SHUTDOWN_GRACE_MS", 60_000),
    rolloutTimeoutMs: integer(env, "FLIGHTDECK_ROLLOUT_TIMEOUT_MS", 600_000),
    invalidationWaitMs: integer(env, "FLIGHTDECK_INVALIDATION_WAIT_MS", 300_000),
    invalidationPollMs: integer(env, "FLIGHTDECK_INVALIDATION_POLL_MS", 5_000),
    canaryProbeIntervalMs: integer(env, "FLIGHTDECK_CANARY_PROBE_INTERVAL_MS", 1_000),
    leaseMs: integer(env, "FLIGHTDECK_LEASE_MS", 30_000),
    sandboxWorld: sandboxWorld(env),
    ...(env.PULUMI_CONFIG_PASSPHRASE === undefined
      ? {}
      : { pulumiPassphrase: env.PULUMI_CONFIG_PASSPHRASE }),
    pulumiHome: env.FLIGHTDECK_PULUMI_HOME ? absolutePath(env.FLIGHTDECK_PULUMI_HOME) : undefined,
    streams: {
      perToken: integer(env, "FLIGHTDECK_STREAMS_PER_TOKEN", 10, 10_000, 1),
      total: integer(env, "FLIGHTDECK_STREAMS_TOTAL", 200, 100_000, 1),
    },
    engineEventsPerOperation: integer(
      env,
      "FLIGHTDECK_ENGINE_EVENTS_PER_OPERATION",
      defaultEngineEventsPerOperation,
      10_000_000,
      100,
    ),
    webhooks: webhooksFromEnv(env, secretMask),
    webhookDelivery: {
      attempts: integer(env, "FLIGHTDECK_WEBHOOK_ATTEMPTS", 5, 20, 1),
      retryBaseMs: integer(env, "FLIGHTDECK_WEBHOOK_RETRY_BASE_MS", 2_000, 600_000),
      timeoutMs: integer(env, "FLIGHTDECK_WEBHOOK_TIMEOUT_MS", 10_000, 600_000, 1),
      shutdownGraceMs: integer(env, "FLIGHTDECK_WEBHOOK_SHUTDOWN_GRACE_MS", 10_000, 600_000),
    },
  };
}
