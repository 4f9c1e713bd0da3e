import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { secretsProviderOf } from "../../automation/engine/secrets-provider";
import { defaultPathMap, loadConfig } from "../../automation/config";
import { SecretMask } from "../../automation/secrets/secret-mask";
import { repoRoot } from "../../toolchain/paths";

describe("server config", () => {
  it("needs nothing set: embedded defaults under one data directory", () => {
    const dataDir = join(repoRoot, ".data");
    assert.deepEqual(loadConfig({}), {
      host: "127.0.0.1",
      port: 3000,
      logLevel: "info",
      dataDir,
      repoDir: repoRoot,
      repoUrl: undefined,
      branch: "main",
      releaseRefs: ["refs/heads/main", "refs/tags/[1-9]*([0-9])"],
      dependenciesDir: join(dataDir, "dependencies"),
      stateBackendUrl: pathToFileURL(join(dataDir, "state")).href,
      secretsProvider: "passphrase",
      journalPath: join(dataDir, "journal.sqlite"),
      tokensFile: undefined,
      tokens: undefined,
      secretMask: new SecretMask(),
      checks: ["npm run typecheck"],
      commandEnv: { checks: [], backup: [], migrate: [] },
      pathMap: defaultPathMap,
      verify: {
        initialDelayMs: 2_000,
        maxDelayMs: 64_000,
        timeoutMs: 300_000,
        candidateFailures: 3,
      },
      bake: { seconds: 60, alarmPollMs: 5_000 },
      database: { backup: undefined, migrate: undefined },
      migrationsPath: "migrations/**",
      shutdownGraceMs: 60_000,
      rolloutTimeoutMs: 600_000,
      sandbox: { mode: "bubblewrap", uid: 64_000 },
      sandboxWorld: false,
      invalidationWaitMs: 300_000,
      invalidationPollMs: 5_000,
      canaryProbeIntervalMs: 1_000,
      leaseMs: 30_000,
      pulumiHome: undefined,
      streams: { perToken: 10, total: 200 },
      engineEventsPerOperation: 5_000,
      webhooks: [],
      webhookDelivery: {
        attempts: 5,
        retryBaseMs: 2_000,
        timeoutMs: 10_000,
        shutdownGraceMs: 10_000,
      },
    });
    assert.equal(defaultPathMap["services/api/**"], "api");
    assert.equal(defaultPathMap["Pulumi*.yaml"], "all");
  });

  it("reads every setting from the environment", () => {
    const config = loadConfig({
      HOST: "0.0.0.0",
      PORT: "8080",
      LOG_LEVEL: "warn",
      FLIGHTDECK_DATA_DIR: "/srv/flightdeck",
      FLIGHTDECK_REPO_DIR: "/srv/repo",
      FLIGHTDECK_REPO_URL: "git@git.example.com:product.git",
      FLIGHTDECK_BRANCH: "release/2026",
      FLIGHTDECK_RELEASE_REFS: "release/2026, refs/tags/release-*",
      FLIGHTDECK_DEPENDENCIES_DIR: "/srv/dependencies",
      FLIGHTDECK_STATE_URL: "s3://state-bucket/flightdeck",
      FLIGHTDECK_SECRETS_PROVIDER: "awskms://alias/flightdeck?region=eu-west-1",
      FLIGHTDECK_JOURNAL: "/srv/journal.sqlite",
      FLIGHTDECK_TOKENS_FILE: "/etc/flightdeck/tokens.json",
      FLIGHTDECK_CHECKS: '["npm run lint", "npm test"]',
      FLIGHTDECK_COMMAND_ENV: "DATABASE_URL, PGPASSWORD,",
      FLIGHTDECK_PATH_MAP: '{"src/**": "api", "deploy/**": "all"}',
      FLIGHTDECK_VERIFY_INITIAL_DELAY_MS: "10",
      FLIGHTDECK_VERIFY_MAX_DELAY_MS: "40",
      FLIGHTDECK_VERIFY_TIMEOUT_MS: "1000",
      FLIGHTDECK_VERIFY_CANDIDATE_FAILURES: "5",
      FLIGHTDECK_BAKE_SECONDS: "120",
      FLIGHTDECK_ALARM_POLL_MS: "2000",
      FLIGHTDECK_BACKUP_COMMAND: "pg_dump app > backup.sql",
      FLIGHTDECK_MIGRATE_COMMAND: "npm run migrate",
      FLIGHTDECK_MIGRATIONS_PATH: "db/migrations/**",
      FLIGHTDECK_SHUTDOWN_GRACE_MS: "5000",
      FLIGHTDECK_ROLLOUT_TIMEOUT_MS: "7000",
      FLIGHTDECK_SANDBOX: "off",
      FLIGHTDECK_SANDBOX_UID: "61000",
      FLIGHTDECK_SANDBOX_WORLD: "on",
      FLIGHTDECK_INVALIDATION_WAIT_MS: "8000",
      FLIGHTDECK_INVALIDATION_POLL_MS: "90",
      FLIGHTDECK_CANARY_PROBE_INTERVAL_MS: "250",
      FLIGHTDECK_LEASE_MS: "5000",
      FLIGHTDECK_PULUMI_HOME: "/srv/pulumi-home",
      FLIGHTDECK_STREAMS_PER_TOKEN: "3",
      FLIGHTDECK_STREAMS_TOTAL: "50",
      FLIGHTDECK_ENGINE_EVENTS_PER_OPERATION: "800",
      FLIGHTDECK_WEBHOOK_ATTEMPTS: "3",
      FLIGHTDECK_WEBHOOK_RETRY_BASE_MS: "100",
      FLIGHTDECK_WEBHOOK_TIMEOUT_MS: "2000",
      FLIGHTDECK_WEBHOOK_SHUTDOWN_GRACE_MS: "500",
    });
    assert.deepEqual(config, {
      host: "0.0.0.0",
      port: 8080,
      logLevel: "warn",
      dataDir: "/srv/flightdeck",
      repoDir: "/srv/repo",
      repoUrl: "git@git.example.com:product.git",
      branch: "release/2026",
      releaseRefs: ["refs/heads/release/2026", "refs/tags/release-*"],
      dependenciesDir: "/srv/dependencies",
      stateBackendUrl: "s3://state-bucket/flightdeck",
      secretsProvider: "awskms://alias/flightdeck?region=eu-west-1",
      journalPath: "/srv/journal.sqlite",
      tokensFile: "/etc/flightdeck/tokens.json",
      tokens: undefined,
      secretMask: new SecretMask(),
      checks: ["npm run lint", "npm test"],
      // FLIGHTDECK_COMMAND_ENV is for backup and migrate: checks get no database credentials.
      commandEnv: {
        checks: [],
        backup: ["DATABASE_URL", "PGPASSWORD"],
        migrate: ["DATABASE_URL", "PGPASSWORD"],
      },
      pathMap: { "src/**": "api", "deploy/**": "all" },
      verify: { initialDelayMs: 10, maxDelayMs: 40, timeoutMs: 1000, candidateFailures: 5 },
      bake: { seconds: 120, alarmPollMs: 2_000 },
      database: { backup: "pg_dump app > backup.sql", migrate: "npm run migrate" },
      migrationsPath: "db/migrations/**",
      shutdownGraceMs: 5000,
      rolloutTimeoutMs: 7000,
      sandbox: { mode: "off", uid: 61_000 },
      sandboxWorld: true,
      invalidationWaitMs: 8000,
      invalidationPollMs: 90,
      canaryProbeIntervalMs: 250,
      leaseMs: 5_000,
      pulumiHome: "/srv/pulumi-home",
      streams: { perToken: 3, total: 50 },
      engineEventsPerOperation: 800,
      webhooks: [],
      webhookDelivery: { attempts: 3, retryBaseMs: 100, timeoutMs: 2000, shutdownGraceMs: 500 },
    });
  });

  it("derives the journal and state folder from FLIGHTDECK_DATA_DIR", () => {
    const config = loadConfig({ FLIGHTDECK_DATA_DIR: "/var/lib/fd" });
    assert.equal(config.journalPath, "/var/lib/fd/journal.sqlite");
    assert.equal(config.stateBackendUrl, "file:///var/lib/fd/state");
  });

  it("refuses a bad value with a message that names the variable", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: "eighty" }, /Error: PORT must be an integer/],
      [{ PORT: "70000" }, /Error: PORT must be an integer from 0 to 65535/],
      [{ LOG_LEVEL: "loud" }, /Error: LOG_LEVEL must be one of/],
      [{ HOST: "local host" }, /Error: HOST must be/],
      [{ FLIGHTDECK_BRANCH: "-rf" }, /Error: FLIGHTDECK_BRANCH must be a branch name/],
      [{ FLIGHTDECK_BRANCH: "a..b" }, /Error: FLIGHTDECK_BRANCH must be a branch name/],
      [{ FLIGHTDECK_CHECKS: "npm test" }, /Error: FLIGHTDECK_CHECKS must be JSON/],
      [{ FLIGHTDECK_CHECKS: '[""]' }, /Error: FLIGHTDECK_CHECKS must be a JSON array/],
      [{ FLIGHTDECK_PATH_MAP: '{"src/**": "db"}' }, /Error: FLIGHTDECK_PATH_MAP must be/],
      [{ FLIGHTDECK_PATH_MAP: '["api"]' }, /Error: FLIGHTDECK_PATH_MAP must be/],
      [
        { FLIGHTDECK_COMMAND_ENV: "DATABASE_URL,PGPASSWORD=hunter2" },
        /Error: FLIGHTDECK_COMMAND_ENV must list variable names .*; entry 2 is not a name$/,
      ],
      [{ FLIGHTDECK_VERIFY_TIMEOUT_MS: "-1" }, /Error: FLIGHTDECK_VERIFY_TIMEOUT_MS must be/],
      [
        { FLIGHTDECK_VERIFY_INITIAL_DELAY_MS: "100", FLIGHTDECK_VERIFY_MAX_DELAY_MS: "10" },
        /Error: FLIGHTDECK_VERIFY_MAX_DELAY_MS must not be below/,
      ],
      [{ FLIGHTDECK_SHUTDOWN_GRACE_MS: "1.5" }, /Error: FLIGHTDECK_SHUTDOWN_GRACE_MS must be/],
      [
        { FLIGHTDECK_STREAMS_PER_TOKEN: "0" },
        /Error: FLIGHTDECK_STREAMS_PER_TOKEN must be an integer from 1 to 10000, got "0"/,
      ],
      [{ FLIGHTDECK_STREAMS_TOTAL: "many" }, /Error: FLIGHTDECK_STREAMS_TOTAL must be an integer/],
      [
        { FLIGHTDECK_ENGINE_EVENTS_PER_OPERATION: "50" },
        /Error: FLIGHTDECK_ENGINE_EVENTS_PER_OPERATION must be an integer from 100 to/,
      ],
      [{ FLIGHTDECK_STATE_URL: "ftp://host/state" }, /Error: FLIGHTDECK_STATE_URL must use one of/],
      [
        { FLIGHTDECK_STATE_URL: "file://~/state" },
        /Error: FLIGHTDECK_STATE_URL: a file:\/\/ URL must name an absolute path with no host/,
      ],
      [
        { FLIGHTDECK_STATE_URL: "s3://bucket?endpoint=http://127.0.0.1:5000&pathStyle=true" },
        /Error: FLIGHTDECK_STATE_URL: unknown parameter "pathStyle" on the s3:\/\/ URL; the engine accepts region, endpoint, profile, use_path_style/,
      ],
      [
        { FLIGHTDECK_STATE_URL: "s3://bucket?use_path_style=yes" },
        /Error: FLIGHTDECK_STATE_URL: use_path_style must be true or false/,
      ],
      [
        { FLIGHTDECK_STATE_URL: "s3://bucket?endpoint=http://" },
        /Error: FLIGHTDECK_STATE_URL: endpoint must be a URL/,
      ],
      [
        { FLIGHTDECK_STATE_URL: "s3:///state" },
        /Error: FLIGHTDECK_STATE_URL: an s3:\/\/ URL names its bucket/,
      ],
      [
        { FLIGHTDECK_SECRETS_PROVIDER: "hunter2" },
        /Error: FLIGHTDECK_SECRETS_PROVIDER must be passphrase or an AWS KMS key such as awskms:\/\/alias\/flightdeck/,
      ],
      [
        { FLIGHTDECK_SECRETS_PROVIDER: "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k" },
        /Error: FLIGHTDECK_SECRETS_PROVIDER must be passphrase or an AWS KMS key/,
      ],
      [
        { FLIGHTDECK_SECRETS_PROVIDER: "awskms://?region=eu-west-1" },
        /Error: FLIGHTDECK_SECRETS_PROVIDER must name the key/,
      ],
      [
        { FLIGHTDECK_SECRETS_PROVIDER: "awskms://alias/fd?regoin=eu-west-1" },
        /Error: FLIGHTDECK_SECRETS_PROVIDER: unknown parameter "regoin"/,
      ],
      [
        { FLIGHTDECK_SECRETS_PROVIDER: "awskms://alias/fd?endpoint=127.0.0.1:4566" },
        /Error: FLIGHTDECK_SECRETS_PROVIDER: endpoint must be a URL/,
      ],
      [{ FLIGHTDECK_SANDBOX: "maybe" }, /Error: FLIGHTDECK_SANDBOX must be "on" or "off"/],
      [{ FLIGHTDECK_SANDBOX_UID: "0" }, /Error: FLIGHTDECK_SANDBOX_UID must be an unused uid/],
      [{ FLIGHTDECK_SANDBOX_UID: "64k" }, /Error: FLIGHTDECK_SANDBOX_UID must be an unused uid/],
      [{ FLIGHTDECK_TOKENS: "admin" }, /Error: FLIGHTDECK_TOKENS is not valid JSON/],
      [
        { FLIGHTDECK_TOKENS: '[{"name":"ci","token":"short","scopes":["read"]}]' },
        /Error: FLIGHTDECK_TOKENS\[0\]\.token must be/,
      ],
      [
        { FLIGHTDECK_TOKENS: "[]", FLIGHTDECK_TOKENS_FILE: "/etc/tokens.json" },
        /Error: set FLIGHTDECK_TOKENS or FLIGHTDECK_TOKENS_FILE, not both/,
      ],
    ];
    for (const [env, message] of cases) {
      assert.throws(() => loadConfig(env), message, JSON.stringify(env));
    }
  });

  it("takes tokens inline from FLIGHTDECK_TOKENS and keeps only their digests", () => {
    const token = "inline-token-0123456789abcdef0123456789";
    const { tokens, secretMask } = loadConfig({
      FLIGHTDECK_TOKENS: JSON.stringify([{ name: "ci", token, scopes: ["read", "deploy"] }]),
    });
    assert.deepEqual(tokens?.authenticate(token), { name: "ci", scopes: ["read", "deploy"] });
    assert.equal(tokens?.authenticate(`${token}x`), undefined);
    assert.equal(JSON.stringify(tokens).includes(token), false);
    assert.equal(secretMask.text(`Bearer ${token}`), "Bearer [secret]", "the mask knows it");
  });

  it("takes the S3 backend and KMS key forms the engine accepts", () => {
    const endpoint = "http://127.0.0.1:5000";
    for (const url of [
      `s3://state?region=us-east-1&endpoint=${endpoint}&use_path_style=true`,
      `s3://state/team-a?endpoint=${encodeURIComponent(endpoint)}&s3ForcePathStyle=true`,
      "s3://state?endpoint=minio:9000&disableSSL=true&s3ForcePathStyle=true",
      "s3://state?profile=ops&region=eu-west-1",
    ])
      assert.equal(loadConfig({ FLIGHTDECK_STATE_URL: url }).stateBackendUrl, url);
    for (const key of [
      `awskms://alias/flightdeck?region=us-east-1&endpoint=${endpoint}`,
      "awskms://1234abcd-12ab-34cd-56ef-1234567890ab?region=eu-west-1&context_team=ops",
      "awskms:///arn:aws:kms:eu-west-1:111122223333:alias/flightdeck",
    ])
      assert.equal(loadConfig({ FLIGHTDECK_SECRETS_PROVIDER: key }).secretsProvider, key);
    assert.equal(
      loadConfig({ FLIGHTDECK_SECRETS_PROVIDER: "passphrase" }).secretsProvider,
      "passphrase",
    );
  });

  it("never echoes a state URL it refuses: it may carry credentials", () => {
    assert.throws(
      () => loadConfig({ FLIGHTDECK_STATE_URL: "not a url s3cr3t-key" }),
      (error: Error) =>
        /^FLIGHTDECK_STATE_URL must be a URL/.test(error.message) &&
        !error.message.includes("s3cr3t"),
    );
  });

  it("names a KMS key per stack where the setting says {stack}", () => {
    const { secretsProvider } = loadConfig({
      FLIGHTDECK_SECRETS_PROVIDER: "awskms://alias/flightdeck-{stack}?region=eu-west-1",
    });
    assert.equal(
      secretsProviderOf(secretsProvider, "staging"),
      "awskms://alias/flightdeck-staging?region=eu-west-1",
    );
    assert.equal(secretsProviderOf("passphrase", "staging"), "passphrase");
  });
});
