import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../automation/app";
import { loadConfig, type ServerConfig } from "../../automation/config";
import { commandEnvironments } from "../../automation/pipeline/command-env";
import { runChecks } from "../../automation/pipeline/run-checks";
import { startNpmStart } from "../support/npm-start";
import {
  forgetServerReadSecrets,
  serverReadSecretNames,
} from "../../automation/secrets/server-read-secrets";

const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-read-secrets-"));
const token = "ci-token-0123456789abcdef0123456789abcdef";
const secrets: Record<(typeof serverReadSecretNames)[number], string> = {
  FLIGHTDECK_TOKENS: JSON.stringify([{ name: "ci", token, scopes: ["read"] }]),
  FLIGHTDECK_JOURNAL: join(dataDir, "journal.sqlite"),
  FLIGHTDECK_WEBHOOKS: JSON.stringify([
    {
      url: "https://hooks.example/flightdeck",
      events: ["deploy.succeeded"],
      secret: "webhook-secret-0123456789abcdef",
    },
  ]),
  PULUMI_CONFIG_PASSPHRASE: "operator-passphrase-0123456789",
};
const settings = {
  FLIGHTDECK_DATA_DIR: dataDir,
  FLIGHTDECK_REPO_DIR: join(dataDir, "repo"),
  LOG_LEVEL: "silent",
  // Even named for the checks, what the server only reads is gone before any check runs.
  FLIGHTDECK_CHECKS_ENV: serverReadSecretNames.join(","),
};

describe("secrets the server only reads leave its environment at start", () => {
  const saved = new Map<string, string | undefined>();
  let config: ServerConfig;
  let app: FastifyInstance;

  before(async () => {
    mkdirSync(settings.FLIGHTDECK_REPO_DIR);
    execFileSync("git", ["init", "--quiet", "--initial-branch=main", settings.FLIGHTDECK_REPO_DIR]);
    for (const [name, value] of Object.entries({ ...secrets, ...settings })) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    // As automation/server.ts starts the real server.
    config = loadConfig();
    forgetServerReadSecrets();
    app = await buildApp({
      config,
      logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
  });

  after(async () => {
    await app?.close();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("process.env no longer holds the tokens, journal, webhooks or passphrase", () => {
    for (const name of serverReadSecretNames)
      assert.equal(process.env[name], undefined, `${name} is still in process.env`);
  });

  it("the server still works from what it read: tokens, and the engine's passphrase", async () => {
    const whoami = await app.inject({
      url: "/whoami",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(whoami.statusCode, 200, whoami.body);
    assert.equal(config.pulumiPassphrase, secrets.PULUMI_CONFIG_PASSPHRASE);
    // Learned from the engine's own environment, the only place it is left.
    assert.equal(config.secretMask.text(secrets.PULUMI_CONFIG_PASSPHRASE), "[secret]");
    assert.equal(
      existsSync(join(dataDir, "passphrases")),
      false,
      "no passphrase was generated in place of the operator's",
    );
  });

  it("a check the server runs cannot see them, even when named for it", async () => {
    const env = commandEnvironments(config.commandEnv).checks;
    for (const name of serverReadSecretNames) assert.equal(name in env, false, name);
    const printed = `printenv ${serverReadSecretNames.join(" ")} > seen; true`;
    await runChecks([printed, "test ! -s seen"], dataDir, env, new AbortController().signal);
  });
});

describe("npm start's entry", () => {
  it("serves with the tokens and hands the operator's passphrase to the engine after forgetting them", async () => {
    const data = mkdtempSync(join(tmpdir(), "flightdeck-read-secrets-start-"));
    const { FLIGHTDECK_JOURNAL, FLIGHTDECK_STATE_URL, FLIGHTDECK_TOKENS_FILE, ...env } =
      process.env;
    const server = await startNpmStart({
      ...env,
      PORT: "0",
      FLIGHTDECK_DATA_DIR: data,
      FLIGHTDECK_TOKENS: secrets.FLIGHTDECK_TOKENS,
      PULUMI_CONFIG_PASSPHRASE: secrets.PULUMI_CONFIG_PASSPHRASE,
    });
    try {
      const whoami = await fetch(`${server.url}/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(whoami.status, 200, server.output());
      assert.equal(
        existsSync(join(data, "passphrases")),
        false,
        "the engine got the operator's passphrase, so none was generated",
      );
    } finally {
      assert.equal(await server.stop(), 0, server.output());
      rmSync(data, { recursive: true, force: true });
    }
  });
});
