import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freeLoopbackPort } from "../../sandbox-world/free-port";
import { apiHealthUrl } from "../../sandbox-world/welcome";
import { cacheRoot, repoRoot } from "../../toolchain/paths";
import { launchChromium, openPage } from "../support/browser";
import { cliEnv, runCli } from "../support/cli-process";
import { freshMachine } from "../support/fresh-machine";
import { healthHash } from "../support/health-hash";
import { processesWhere } from "../support/kill-strays";
import { sharedDependenciesDir } from "../support/release-server";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process";

const sandboxLine = "sandbox: the emulated AWS of npm run sandbox, nothing real moved";

/** Whether anything still answers HTTP at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url, { signal: AbortSignal.timeout(2000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

describe("npm run sandbox: a newcomer without AWS deploys, changes a service, deploys again and rolls back", () => {
  let root: string;
  let clone: string;
  let env: NodeJS.ProcessEnv;
  let args: string[];
  let urls: { server: string; aws: string; runtime: string };
  let sandbox: SandboxProcess | undefined;

  const releaseRepo = () => join(clone, ".sandbox", "repo");
  const git = (...gitArgs: string[]) =>
    execFileSync("git", ["-C", releaseRepo(), ...gitArgs], { encoding: "utf8" }).trim();
  const stagingApi = () => apiHealthUrl(urls.runtime, "staging");

  /** The CLI as the newcomer runs it, with the token the sandbox printed. */
  const cli = (cliArgs: string[]) => {
    const token = /token\s+(\S+)/.exec(sandbox!.output())?.[1];
    assert.ok(token, `the sandbox printed no token:\n${sandbox!.output()}`);
    return runCli(cliArgs, cliEnv({ FLIGHTDECK_URL: urls.server, FLIGHTDECK_TOKEN: token }));
  };

  async function stop(): Promise<void> {
    await sandbox?.interrupt();
    const output = sandbox?.output() ?? "";
    assert.match(output, /sandbox: stopped/);
    // One Ctrl-C is one SIGINT: a second (a wrapper process relaying it) exits at once,
    // before the emulator, in its own process group, is stopped.
    assert.doesNotMatch(output, /second SIGINT/);
    sandbox = undefined;
    for (const url of Object.values(urls))
      assert.equal(await answers(url), false, `${url} still answers after Ctrl-C`);
    const emulators = processesWhere("cmdline", (entry) => entry.startsWith(clone));
    assert.deepEqual(emulators, [], "nothing of the sandbox runs on after Ctrl-C");
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "flightdeck-newcomer-"));
    clone = join(root, "flightdeck");
    execFileSync("git", ["clone", "--quiet", repoRoot, clone]);
    // `npm ci` is what a newcomer runs first; the install is this checkout's, linked.
    symlinkSync(join(repoRoot, "node_modules"), join(clone, "node_modules"));
    const machine = join(root, "machine");
    mkdirSync(machine);
    env = {
      // A real-world setting or two the sandbox must ignore (tokens, data, repo, port).
      ...freshMachine(machine, clone),
      // Unlike the bare one npm start needs, the sandbox's machine has the usual commands
      // (the server chowns released trees to the sandbox's uid when it runs as root).
      PATH: process.env.PATH,
      // The toolchain bootstrapped once for this machine, and the fixture's installs.
      FLIGHTDECK_TOOLCHAIN_DIR: cacheRoot(),
      FLIGHTDECK_DEPENDENCIES_DIR: sharedDependenciesDir,
      npm_config_update_notifier: "false",
    };
    // Ports of its own, so it runs beside other tests and a sandbox on the default ones.
    const [server, aws, runtime] = [
      await freeLoopbackPort(),
      await freeLoopbackPort(),
      await freeLoopbackPort(),
    ];
    args = ["--port", `${server}`, "--aws-port", `${aws}`, "--runtime-port", `${runtime}`];
    urls = {
      server: `http://127.0.0.1:${server}`,
      aws: `http://127.0.0.1:${aws}`,
      runtime: `http://127.0.0.1:${runtime}`,
    };
  });

  after(async () => {
    await sandbox?.interrupt();
    rmSync(root, { recursive: true, force: true });
  });

  it("starts everything with a dashboard whose banner says it is the sandbox", async () => {
    sandbox = await startSandbox(clone, env, args);
    const output = sandbox.output();
    assert.match(output, /new, kept in \.sandbox/);
    assert.ok(output.includes(`dashboard     ${urls.server}/`), output);
    assert.match(output, /npx flightdeck deploy staging/);
    assert.match(output, /npx flightdeck rollback staging/);
    // Ctrl-C reaches its process group once: no wrapper process in it relays a second
    // SIGINT, which would end the sandbox at once, its emulator left running.
    const sandboxProcesses = processesWhere(
      "cmdline",
      (entry) => entry === "sandbox-world/sandbox-main.ts",
    ).filter((pid) => readlinkSync(`/proc/${pid}/cwd`) === clone);
    assert.equal(
      sandboxProcesses.length,
      1,
      `processes running the sandbox: ${sandboxProcesses.join(", ")}`,
    );
    const health = (await (await fetch(`${urls.server}/health`)).json()) as {
      sandboxWorld: boolean;
    };
    assert.equal(health.sandboxWorld, true);

    const browser = await launchChromium();
    try {
      const watched = await openPage(browser, urls.server);
      const { page } = watched;
      await page.goto(`${urls.server}/`);
      await page.getByRole("status").getByText("Sandbox: releases go to an emulated AWS").waitFor();
      await page.getByLabel("API token").waitFor();
      assert.deepEqual(watched.problems(), []);
    } finally {
      await browser.close();
    }
  });

  it("deploys, deploys a changed api, and each summary says it is the sandbox", async () => {
    const first = git("rev-parse", "HEAD");
    const deployed = await cli(["deploy", "staging"]);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.ok(deployed.stdout.includes(sandboxLine), deployed.stdout);
    assert.equal(await healthHash(stagingApi()), first);

    appendFileSync(join(releaseRepo(), "services", "api", "handler.ts"), "// changed\n");
    git("commit", "--quiet", "--all", "-m", "Change the api");
    const second = git("rev-parse", "HEAD");
    const again = await cli(["deploy", "staging"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /affects api\b/);
    assert.equal(await healthHash(stagingApi()), second);
  });

  it("keeps everything across a restart, then rolls back to the first release", async () => {
    const second = git("rev-parse", "HEAD");
    await stop();
    sandbox = await startSandbox(clone, env, args);
    assert.match(sandbox.output(), /resumed what \.sandbox kept/);
    // The emulator's state came back: the api still runs the second release.
    assert.equal(await healthHash(stagingApi()), second);
    const status = await cli(["status", "staging"]);
    assert.match(status.stdout, /last release 2:/);
    assert.ok(status.stdout.includes(sandboxLine), status.stdout);

    const rolledBack = await cli(["rollback", "staging", "--yes"]);
    assert.equal(rolledBack.code, 0, rolledBack.stdout + rolledBack.stderr);
    assert.ok(rolledBack.stdout.includes(sandboxLine), rolledBack.stdout);
    assert.equal(await healthHash(stagingApi()), git("rev-parse", "HEAD~1"));
  });

  it("starts over with --reset", async () => {
    await stop();
    sandbox = await startSandbox(clone, env, [...args, "--reset"]);
    assert.match(sandbox.output(), /reset: removed/);
    assert.match(sandbox.output(), /new, kept in \.sandbox/);
    assert.equal(git("rev-list", "--count", "HEAD"), "1", "a fresh release repository");
    const history = await cli(["history", "staging"]);
    assert.match(history.stdout, /staging has no release yet/);
    assert.equal(await healthHash(stagingApi()), "HTTP 502", "no api in the fresh emulator");
    await stop();
    assert.equal(existsSync(join(clone, ".sandbox", "repo")), true, "the data stays after Ctrl-C");
  });
});
