import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it, type TestContext } from "node:test";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { createAwsClients } from "../../automation/aws/aws-clients";
import type { CheckResult } from "../../automation/doctor/check-result";
import { checkDataDir } from "../../automation/doctor/data-dir";
import { Doctor } from "../../automation/doctor/doctor";
import { PulumiCli } from "../../automation/doctor/find-pulumi-cli";
import { checkProviderPlugins } from "../../automation/doctor/provider-plugins";
import { programPlugins } from "../../automation/doctor/required-plugins";
import { checkStateBackend } from "../../automation/doctor/state-backend";
import { SourceRepo } from "../../automation/git/source-repo";
import { cacheRoot, pulumiBinDir, repoRoot } from "../../toolchain/paths";
import type { GitRepo } from "../../sandbox-world/git-repo";
import { Sandbox } from "../../automation/sandbox/sandbox";
import { sandboxSetting } from "../../automation/sandbox/sandbox-setting";
import { freshMachine, freshMachineToken } from "../support/fresh-machine";
import { lockDir } from "../support/locked-dir";
import { startNpmStart } from "../support/npm-start";
import { createTestEngine, type TestEngine } from "../support/pulumi-engine";
import { createReleaseRepo } from "../../sandbox-world/release-repo";
import { startReleaseWorld } from "../support/release-server";
import { startServer } from "../support/server-fixture";

interface Readiness {
  status: string;
  checks: CheckResult[];
}

interface Refusal {
  error: { code: string; message: string; details: { missing: CheckResult[] } };
}

const failing = (checks: CheckResult[]) => checks.filter((c) => !c.ok).map((c) => c.name);
const named = (checks: CheckResult[], name: string) => checks.find((c) => c.name === name)!;
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

/** The version the product's lockfile pins for a package, so nothing here goes stale. */
function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
  };
  return lock.packages[`node_modules/${name}`]!.version;
}

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${freshMachineToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Refusal };
}

describe("start-up doctor: npm start on a fresh machine", () => {
  let root: string;
  let repo: GitRepo;

  before(() => {
    root = mkdtempSync(join(tmpdir(), "flightdeck-doctor-"));
    repo = createReleaseRepo(["production"]);
  });

  after(() => {
    repo.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it("without a pulumi CLI or AWS credentials logs each missing piece with its fix, answers readiness 503 and refuses a deploy before it runs anything", async () => {
    const machine = join(root, "no-cli");
    mkdirSync(machine);
    const server = await startNpmStart({
      ...freshMachine(machine, repo.dir),
      // No toolchain cache either: the bootstrap never ran.
      FLIGHTDECK_TOOLCHAIN_DIR: join(machine, "toolchain"),
    });
    try {
      await server.waitFor("prerequisites missing");
      const log = server.output();
      assert.match(
        log,
        /pulumi-cli: no pulumi CLI on PATH or in the toolchain cache[^;]*fix: npm run bootstrap/,
      );
      assert.match(log, /aws-credentials: no AWS credentials resolve[^;]*fix: aws sso login/);

      assert.equal((await fetch(`${server.url}/health`)).status, 200, "liveness is not readiness");
      const ready = await fetch(`${server.url}/health/ready`);
      assert.equal(ready.status, 503);
      const readiness = (await ready.json()) as Readiness;
      assert.equal(readiness.status, "not_ready");
      assert.deepEqual(failing(readiness.checks), ["pulumi-cli", "aws-credentials"]);
      assert.match(named(readiness.checks, "pulumi-cli").fix!, /npm run bootstrap/);
      assert.match(named(readiness.checks, "provider-plugins").detail, /needs none/);

      const deploy = await post(`${server.url}/stacks/production/deploy`, {});
      assert.equal(deploy.status, 503);
      assert.equal(deploy.body.error.code, "prerequisite_missing");
      assert.deepEqual(failing(deploy.body.error.details.missing), [
        "pulumi-cli",
        "aws-credentials",
      ]);
      assert.match(deploy.body.error.message, /npm run bootstrap.*aws sso login/);
      // Invalidating only talks to CloudFront: it is refused for the credentials alone.
      const invalidate = await post(`${server.url}/stacks/production/invalidate`, {
        paths: ["/index.html"],
      });
      assert.equal(invalidate.status, 503);
      assert.deepEqual(failing(invalidate.body.error.details.missing), ["aws-credentials"]);

      // Refused before it started: nothing journaled, so no checks step ran.
      const listed = await fetch(`${server.url}/deployments`, {
        headers: { authorization: `Bearer ${freshMachineToken}` },
      });
      assert.deepEqual(((await listed.json()) as { items: unknown[] }).items, []);
    } finally {
      assert.equal(await server.stop(), 0, server.output());
    }
  });

  it("without bubblewrap the sandbox check fails with its fix and operations are refused; FLIGHTDECK_SANDBOX=off passes it with a warning", async () => {
    for (const sandbox of ["on", "off"]) {
      const machine = join(root, `no-bwrap-${sandbox}`);
      mkdirSync(machine);
      const server = await startNpmStart({
        ...freshMachine(machine, repo.dir, { bubblewrap: false }),
        FLIGHTDECK_TOOLCHAIN_DIR: join(machine, "toolchain"),
        FLIGHTDECK_SANDBOX: sandbox,
      });
      try {
        await server.waitFor("prerequisites missing");
        const readiness = (await (await fetch(`${server.url}/health/ready`)).json()) as Readiness;
        const check = named(readiness.checks, "sandbox");
        if (sandbox === "on") {
          assert.equal(check.ok, false);
          assert.match(check.detail, /cannot be confined: bwrap is not installed/);
          assert.match(check.fix!, /apt-get install bubblewrap.*FLIGHTDECK_SANDBOX=off/);
          assert.match(server.output(), /sandbox: released code cannot be confined/);
          const deploy = await post(`${server.url}/stacks/production/deploy`, {});
          assert.equal(deploy.status, 503);
          assert.ok(failing(deploy.body.error.details.missing).includes("sandbox"));
        } else {
          assert.equal(check.ok, true);
          assert.match(check.detail, /off \(FLIGHTDECK_SANDBOX=off\)/);
          assert.match(check.warning!, /the server's own access/);
        }
      } finally {
        assert.equal(await server.stop(), 0, server.output());
      }
    }
  });

  it("finds the CLI where the bootstrap builds it when none is on PATH", async () => {
    const machine = join(root, "cached-cli");
    mkdirSync(machine);
    const server = await startNpmStart({
      ...freshMachine(machine, repo.dir),
      FLIGHTDECK_TOOLCHAIN_DIR: cacheRoot(),
    });
    try {
      const readiness = (await (await fetch(`${server.url}/health/ready`)).json()) as Readiness;
      const cli = named(readiness.checks, "pulumi-cli");
      assert.equal(cli.ok, true, cli.detail);
      assert.match(cli.detail, new RegExp(`at ${pulumiBinDir()}/pulumi \\(toolchain cache\\)`));
      const deploy = await post(`${server.url}/stacks/production/deploy`, {});
      assert.equal(deploy.status, 503);
      assert.deepEqual(failing(deploy.body.error.details.missing), ["aws-credentials"]);
    } finally {
      assert.equal(await server.stop(), 0, server.output());
    }
  });
});

describe("start-up doctor: what the released program and the server's directories need", () => {
  let engine: TestEngine;
  let repo: GitRepo;
  let root: string;

  before(async () => {
    engine = await createTestEngine();
    root = mkdtempSync(join(tmpdir(), "flightdeck-doctor-"));
    // The product's own dependencies: its program needs the aws, awsx and docker providers.
    repo = createReleaseRepo(["production"]);
    repo.commit(
      Object.fromEntries(
        ["package.json", "package-lock.json"].map((f) => [
          f,
          readFileSync(join(repoRoot, f), "utf8"),
        ]),
      ),
      "the product's dependencies",
    );
  });

  after(async () => {
    repo.cleanup();
    await engine.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it("names each provider plugin the program needs that the engine's PULUMI_HOME lacks, with its install command", async () => {
    const server = await startServer(
      { FLIGHTDECK_REPO_DIR: repo.dir },
      {
        pulumiCommand: engine.pulumiCommand,
        engineEnv: engine.envVars,
        aws: { region: "us-east-1", credentials },
      },
    );
    try {
      const ready = await server.app.inject({ url: "/health/ready" });
      assert.equal(ready.statusCode, 503);
      const { checks } = ready.json<Readiness>();
      assert.deepEqual(failing(checks), ["provider-plugins"]);
      const home = engine.envVars.PULUMI_HOME;
      for (const plugin of ["aws", "awsx", "docker"]) {
        const install = `PULUMI_HOME=${home} pulumi plugin install resource ${plugin} v${lockedVersion(`@pulumi/${plugin}`)}`;
        assert.ok(named(checks, "provider-plugins").fix!.includes(install), install);
      }
      const deploy = await server.app.inject({
        method: "POST",
        url: "/stacks/production/deploy",
        headers: server.auth("deployer"),
        payload: {},
      });
      assert.equal(deploy.statusCode, 503);
      assert.deepEqual(failing(deploy.json<Refusal>().error.details.missing), ["provider-plugins"]);
      const listed = await server.app.inject({
        url: "/deployments",
        headers: server.auth("reader"),
      });
      assert.deepEqual(listed.json<{ items: unknown[] }>().items, []);
    } finally {
      await server.close();
    }
  });

  it("counts a plugin once `pulumi plugin install` put it under the engine's PULUMI_HOME", async () => {
    const program = await programPlugins({
      gitDir: repo.dir,
      branch: "main",
      dependenciesDir: join(root, "dependencies"),
    });
    const aws = `v${lockedVersion("@pulumi/aws")}`;
    // Only `pulumi plugin ls` is compared here, nothing runs the plugin: the bootstrap's
    // dynamic-provider launcher is installed under the aws plugin's name and version.
    execFileSync(
      engine.pulumiCommand.command,
      [
        "plugin",
        "install",
        "resource",
        "aws",
        aws,
        "--file",
        join(pulumiBinDir(), "pulumi-resource-pulumi-nodejs"),
      ],
      { env: { ...process.env, ...engine.envVars }, stdio: "ignore" },
    );
    const result = await checkProviderPlugins({
      command: engine.pulumiCommand,
      program,
      engineEnv: engine.envVars,
    });
    assert.equal(result.ok, false);
    assert.doesNotMatch(result.detail, /\baws v/);
    assert.doesNotMatch(result.fix!, / aws v/);
    assert.match(result.fix!, /resource awsx v/);
  });

  it("shares one run between concurrent callers and reuses it while fresh", async () => {
    const doctor = (maxAgeMs: number) =>
      new Doctor({
        cli: new PulumiCli(engine.pulumiCommand),
        engineEnv: engine.envVars,
        source: new SourceRepo({
          repoDir: repo.dir,
          cloneDir: join(root, "clone"),
          branch: "main",
        }),
        dependenciesDir: join(root, "dependencies"),
        dataDir: root,
        backendUrl: pathToFileURL(join(root, "state")).href,
        aws: createAwsClients({ region: "us-east-1", credentials }),
        sandbox: new Sandbox(sandboxSetting({})),
        maxAgeMs,
      });
    const cached = doctor(60_000);
    const [first, second] = await Promise.all([cached.report(), cached.report()]);
    assert.equal(first, second, "concurrent callers share one run");
    assert.equal(await cached.report(), first, "a fresh report is reused");
    const uncached = doctor(0);
    assert.notEqual(await uncached.report(), await uncached.report());
  });

  it("reports a data directory and a file state backend the server cannot write", async (t: TestContext) => {
    const lockedDir = join(root, "locked");
    mkdirSync(lockedDir);
    // Written before locking: without it the server would make one in the data directory.
    writeFileSync(join(lockedDir, "pulumi-passphrase"), "doctor-test-passphrase", { mode: 0o600 });
    const unlock = lockDir(lockedDir);
    if (!unlock) return t.skip("no way to make a directory unwritable for this user here");
    t.after(unlock);
    const elsewhere = join(root, "elsewhere");
    const server = await startServer(
      {
        FLIGHTDECK_DATA_DIR: lockedDir,
        FLIGHTDECK_REPO_DIR: repo.dir,
        FLIGHTDECK_JOURNAL: join(elsewhere, "journal.sqlite"),
        FLIGHTDECK_DEPENDENCIES_DIR: join(elsewhere, "dependencies"),
      },
      {
        pulumiCommand: engine.pulumiCommand,
        engineEnv: engine.envVars,
        aws: { region: "us-east-1", credentials },
      },
    );
    try {
      const ready = await server.app.inject({ url: "/health/ready" });
      assert.equal(ready.statusCode, 503);
      const { checks } = ready.json<Readiness>();
      assert.ok(failing(checks).includes("data-dir"), JSON.stringify(checks));
      assert.match(named(checks, "data-dir").fix!, /FLIGHTDECK_DATA_DIR/);
      // The state defaults to a folder in the data directory: it cannot be made either.
      assert.match(named(checks, "state-backend").fix!, /FLIGHTDECK_STATE_URL/);
    } finally {
      await server.close();
    }
    const notYet = join(root, "not-yet", "data");
    assert.equal((await checkDataDir(notYet)).ok, true);
    assert.throws(() => readFileSync(notYet), /ENOENT/, "checking creates nothing");
  });
});

describe("start-up doctor: with everything present", () => {
  it("answers readiness 200 with the test engine and the emulator, and reaches an S3 state bucket", async () => {
    const world = await startReleaseWorld(["production"]);
    try {
      const ready = await world.server.app.inject({ url: "/health/ready" });
      assert.equal(ready.statusCode, 200, ready.body);
      const readiness = ready.json<Readiness>();
      assert.equal(readiness.status, "ready");
      assert.deepEqual(failing(readiness.checks), []);

      const { s3 } = createAwsClients(world.aws.aws);
      await s3.send(new CreateBucketCommand({ Bucket: "flightdeck-state" }));
      const reachable = await checkStateBackend("s3://flightdeck-state/stacks", s3);
      assert.equal(reachable.ok, true, reachable.detail);
      const missing = await checkStateBackend("s3://no-such-state-bucket", s3);
      assert.equal(missing.ok, false);
      assert.match(missing.fix!, /aws s3 mb s3:\/\/no-such-state-bucket/);
    } finally {
      await world.stop();
    }
  });
});
