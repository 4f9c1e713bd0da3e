import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { homedir } from "node:os";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { programCacheDir } from "../../automation/sandbox/program-cache";
import { deploymentsClient } from "../support/deployments-client";
import { setStackSecret } from "../support/stack-secret";
import {
  sharedDependenciesDir,
  startReleaseWorld,
  type ReleaseWorld,
} from "../support/release-server";
import { tokens } from "../support/server-fixture";

const productionSecret = "jwt-production-5e1f0a9b8c7d6e5f4a3b2c1d";
const webhookSecret = "webhook-secret-0123456789abcdef0123456789";
const attacker = join(__dirname, "..", "fixtures", "attacker", "attack.cjs");

/** Where the attacker's code reports what it reached: the one channel a sandbox leaves. */
async function reportCollector(): Promise<{ url: string; reports: string[]; server: Server }> {
  const reports: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      reports.push(body);
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, reports, server };
}

/** A stack's program cache: each compiled file (by its folder and name) and when it was written. */
function programCache(dataDir: string, stack: string): Map<string, number> {
  const dir = programCacheDir(dataDir, stack);
  const files = new Map<string, number>();
  for (const folder of existsSync(dir) ? readdirSync(dir) : [])
    for (const file of readdirSync(join(dir, folder)))
      files.set(`${folder}/${file}`, statSync(join(dir, folder, file)).mtimeMs);
  return files;
}

describe("a released commit's code in the sandbox: install scripts, checks and program", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let collector: Awaited<ReturnType<typeof reportCollector>>;
  let attempts: string[];
  let events: string;
  const gitconfig = join(homedir(), ".gitconfig");
  const gitconfigBefore = existsSync(gitconfig) ? readFileSync(gitconfig, "utf8") : undefined;
  const pluginsDir = join(homedir(), ".pulumi", "plugins");
  // A credential of the server's user, as a cloud CLI would leave one in its home.
  const homeSecretFile = join(homedir(), `.flightdeck-sandbox-test-${process.pid}`);
  const homeSecret = `home-credential-${process.pid}-0a1b2c3d4e5f`;

  let tokensFileBefore: string;
  /** Production's program cache after its first deploy: each compiled file and when it was written. */
  let cachedAfterFirst: Map<string, number>;
  let cachedAfterSecond: Map<string, number>;

  before(async () => {
    collector = await reportCollector();
    writeFileSync(homeSecretFile, homeSecret, { mode: 0o600 });
    world = await startReleaseWorld(["production", "staging"], {
      // Webhooks go to the collector too: what they carry is checked with the rest.
      FLIGHTDECK_WEBHOOKS: JSON.stringify([
        { url: `${collector.url}/hook`, events: ["deploy.*"], secret: webhookSecret },
      ]),
      FLIGHTDECK_CHECKS: JSON.stringify([
        "test -f node_modules/@pulumi/pulumi/package.json",
        "if [ -f attack.cjs ]; then node attack.cjs check; fi",
      ]),
    });
    client = deploymentsClient(world.server);
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    cachedAfterFirst = programCache(world.server.dataDir, "production");
    // Production's secret, set as operators do, then deployed into its state.
    setStackSecret(world, "production", "flightdeck:jwtSecret", productionSecret);
    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const second = await client.deploy("production");
    assert.equal(second.status, "succeeded", JSON.stringify(second.error));
    cachedAfterSecond = programCache(world.server.dataDir, "production");

    // The attacker's commit, on the release branch: its install script, its check and its
    // program each try the same things.
    const targets = {
      dataDir: world.server.dataDir,
      serverHome: homedir(),
      homeSecretFile,
      pluginsDir,
      installsDir: sharedDependenciesDir,
      reportUrl: collector.url,
    };
    const source = readFileSync(attacker, "utf8").replace(
      'require("./targets.json")',
      JSON.stringify({ targets }),
    );
    const manifest = JSON.parse(readFileSync(join(world.repo.dir, "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    };
    // npm ci runs in a folder of the manifest and lockfile alone: the script travels in it.
    const postinstall =
      "node -e \"const m = new module.constructor(); m.paths = module.paths; m._compile(require('./package.json').attack, 'attack.cjs'); m.exports('install')\"";
    const attacked = { ...manifest, scripts: { ...manifest.scripts, postinstall }, attack: source };
    const entry = readFileSync(join(world.repo.dir, "infra", "index.ts"), "utf8");
    world.repo.commit(
      {
        "attack.cjs": source,
        "package.json": `${JSON.stringify(attacked, null, 2)}\n`,
        "infra/index.ts": `import * as pulumiSdk from "@pulumi/pulumi";\n// eslint-disable-next-line @typescript-eslint/no-require-imports\npulumiSdk.log.warn(require("../attack.cjs")("program"));\n${entry}`,
      },
      "an attacker's commit",
    );
    tokensFileBefore = readFileSync(join(world.server.dataDir, "tokens.json"), "utf8");
    const deployed = await client.deploy("staging");
    // Its webhook is sent once the deploy has ended.
    for (let waited = 0; !collector.reports.some((r) => r.includes(deployed.id)); waited += 100) {
      assert.ok(waited < 30_000, "the staging deploy's webhook arrived");
      await sleep(100);
    }
    attempts = collector.reports.join("\n").split("\n");
    const response = await fetch(`${await world.server.url()}/deployments/${deployed.id}/events`, {
      headers: world.server.auth("reader"),
    });
    events = await response.text();
    assert.equal(
      deployed.status,
      "succeeded",
      `${JSON.stringify(deployed.error)}\n${attempts.join("\n")}`,
    );
  });

  after(async () => {
    await world.stop();
    collector.server.close();
    rmSync(homeSecretFile, { force: true });
  });

  it("each phase ran and reported", () => {
    for (const phase of ["install", "check", "program"])
      assert.ok(
        attempts.some((line) => line.startsWith(`${phase} read tokens:`)),
        `${phase} reported: ${attempts.join("\n")}`,
      );
  });

  it("reaches nothing of the data directory, the server's environment or its home", () => {
    for (const what of [
      "read tokens",
      "read journal",
      "read passphrases",
      "read remote config",
      "read server environ",
      "read parent environ",
      "own FLIGHTDECK_ variables",
      "read server home",
    ]) {
      const lines = attempts.filter((line) => line.includes(` ${what}:`));
      assert.equal(lines.length, 3, `${what}: ${attempts.join("\n")}`);
      for (const line of lines) assert.match(line, /: DENIED /, line);
    }
  });

  it("leaves nothing for later deploys: gitconfig, plugins and installs are out of reach", () => {
    for (const what of [
      "write server gitconfig",
      "write plugin",
      "write other installs",
      "write own install",
      "write other stack's program cache",
    ])
      for (const line of attempts.filter((l) => l.includes(` ${what}:`)))
        assert.match(line, /: DENIED /, line);
    assert.equal(
      existsSync(gitconfig) ? readFileSync(gitconfig, "utf8") : undefined,
      gitconfigBefore,
    );
    assert.equal(existsSync(join(pluginsDir, "pulumi-resource-pwned")), false);
    assert.equal(
      existsSync(join(programCacheDir(world.server.dataDir, "production"), "pwned.js")),
      false,
    );
    for (const install of readdirSync(sharedDependenciesDir).filter((n) =>
      /^[0-9a-f]{64}$/.test(n),
    ))
      assert.equal(
        existsSync(join(sharedDependenciesDir, install, "node_modules", "pwned.js")),
        false,
      );
  });

  it("a stack's engine runs share its program's compiled TypeScript, kept in that stack's own cache", () => {
    assert.ok(cachedAfterFirst.size > 0, "the first deploy compiled the program into the cache");
    // A compiled file read from the cache is not written again.
    const kept = [...cachedAfterFirst].filter(([file, at]) => cachedAfterSecond.get(file) === at);
    assert.ok(
      kept.length > 0,
      `the second deploy reused the first's: ${[...cachedAfterSecond.keys()].join()}`,
    );
    assert.ok(programCache(world.server.dataDir, "staging").size > 0, "staging has its own");
  });

  it("a link a check planted where the server writes the stack's settings is not followed", () => {
    assert.ok(attempts.includes("check plant settings link: GOT planted"), attempts.join("\n"));
    const tokensFile = readFileSync(join(world.server.dataDir, "tokens.json"), "utf8");
    assert.equal(tokensFile, tokensFileBefore);
  });

  it("a staging program cannot decrypt production's secrets", () => {
    const line = attempts.find((l) => l.startsWith("program decrypt production:"));
    assert.ok(line, attempts.join("\n"));
    assert.match(line, /: DENIED /);
    assert.ok(!attempts.join("\n").includes(productionSecret));
  });

  it("nothing secret reaches the events, the logs, the webhooks or the attacker", () => {
    const passphrase = readFileSync(
      join(world.server.dataDir, "passphrases", "production"),
      "utf8",
    );
    const seen = [events, world.server.logs(), attempts.join("\n")];
    const secrets = [tokens.admin, tokens.deployer, productionSecret, passphrase, homeSecret];
    for (const secret of [...secrets, webhookSecret])
      for (const text of seen)
        assert.ok(!text.includes(secret), `a secret leaked into ${text.slice(0, 200)}`);
    assert.match(events, /program read tokens: DENIED/, "the program's report is in the events");
  });
});
