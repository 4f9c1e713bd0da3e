import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, describe, it } from "node:test";
import type { Operation } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { repoRoot } from "../../toolchain/paths";
import { startEmulatedAws, type EmulatedAws } from "../support/emulated-aws";
import { killStrays } from "../support/kill-strays";
import type { GitRepo } from "../support/git-repo";
import { createTestEngine, type TestEngine } from "../support/pulumi-engine";
import { createReleaseRepo } from "../support/release-repo";
import { fastVerify, sharedDependenciesDir } from "../support/release-server";

const token = "crash-test-admin-token-0123456789";
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

describe("a server that stops mid-up: SIGKILL, or SIGTERM with a grace period", () => {
  let aws: EmulatedAws;
  let engine: TestEngine;
  let repo: GitRepo;
  let dataDir: string;
  let env: Record<string, string>;
  const servers: ChildProcess[] = [];
  /** Every server's output, printed when a test fails: the cause of a failure is there. */
  const serverLogs: string[] = [];

  async function startServerProcess(
    extraEnv: Record<string, string> = {},
  ): Promise<{ url: string; child: ChildProcess }> {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "tests/support/server-main.ts")],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env, ...extraEnv },
        stdio: ["ignore", "pipe", "pipe"],
        // Its own process group: a kill takes the engine and providers with it, as a crash would.
        detached: true,
      },
    );
    servers.push(child);
    let output = "";
    const index = serverLogs.push("") - 1;
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        serverLogs[index] = output;
        const match = /^listening (http:\/\/\S+)$/m.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
    return { url, child };
  }

  const call = async (url: string, method = "GET", body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  async function finished(base: string, id: string): Promise<Operation> {
    for (let i = 0; i < 900; i++) {
      const { body } = await call(`${base}/deployments/${id}`);
      if ((body as unknown as Operation).status !== "running") return body as unknown as Operation;
      await sleep(200);
    }
    throw new Error(`deployment ${id} did not end`);
  }

  /** Follows the live stream until the engine updates the function (slowed down by the fixture). */
  async function engineUpdating(base: string, id: string): Promise<void> {
    const stream = await fetch(`${base}/deployments/${id}/events`, { headers });
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes('"kind":"resource-started","op":"update"')) {
      const chunk = await reader.read();
      assert.equal(
        chunk.done,
        false,
        `the stream ended before the engine updated anything:\n${seen}`,
      );
      seen += decoder.decode(chunk.value as Uint8Array);
    }
    await reader.cancel();
  }

  async function exitCode(child: ChildProcess): Promise<number | null> {
    if (child.exitCode !== null) return child.exitCode;
    return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  before(async () => {
    aws = await startEmulatedAws();
    engine = await createTestEngine();
    repo = createReleaseRepo(["production"]);
    dataDir = mkdtempSync(join(tmpdir(), "flightdeck-crash-"));
    const tokensFile = join(dataDir, "tokens.json");
    writeFileSync(tokensFile, JSON.stringify([{ name: "ops", token, scopes: ["admin"] }]));
    const { PULUMI_CONFIG_PASSPHRASE, ...engineEnv } = engine.envVars;
    env = {
      FLIGHTDECK_DATA_DIR: join(dataDir, "data"),
      // The local repository is the source here: no remote, as on one engineer's machine.
      FLIGHTDECK_REPO_DIR: repo.dir,
      FLIGHTDECK_DEPENDENCIES_DIR: sharedDependenciesDir,
      FLIGHTDECK_TOKENS_FILE: tokensFile,
      FLIGHTDECK_CHECKS: JSON.stringify(["git --version"]),
      LOG_LEVEL: "warn",
      ...fastVerify,
      FLIGHTDECK_TEST_WIRING: JSON.stringify({
        engineEnv: {
          ...engineEnv,
          ...aws.engineEnv,
          FLIGHTDECK_FIXTURE_RUNTIME_URL: aws.runtime.url,
          FLIGHTDECK_FIXTURE_UPDATE_DELAY_MS: "4000",
        },
        aws: aws.aws,
      }),
    };
  });

  afterEach((t) => {
    const failed = (t as { passed?: boolean }).passed === false;
    if (failed) serverLogs.forEach((log, i) => console.error(`--- server ${i + 1} ---\n${log}`));
    serverLogs.length = 0;
  });

  after(async () => {
    for (const server of servers) killGroup(server);
    killStrays(`AWS_ENDPOINT_URL=${aws.moto.endpoint}`);
    await aws.stop();
    await engine.cleanup();
    repo.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("leaves the deployment interrupted after a restart, and the next deploy succeeds", async () => {
    const first = await startServerProcess();
    const initial = await call(`${first.url}/stacks/production/deploy`, "POST", {});
    assert.equal(initial.status, 202, JSON.stringify(initial.body));
    const released = await finished(first.url, (initial.body.deployment as Operation).id);
    assert.equal(released.status, "succeeded", JSON.stringify(released.error));

    repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const started = await call(`${first.url}/stacks/production/deploy`, "POST", {});
    const id = (started.body.deployment as Operation).id;
    await engineUpdating(first.url, id);
    // The deploy runs in a worktree of its own commit, which the kill leaves behind.
    const worktrees = join(dataDir, "data", "worktrees");
    assert.equal(readdirSync(worktrees).length, 1, "the running deploy's worktree");
    killGroup(first.child);
    await new Promise((resolve) => first.child.once("exit", resolve));

    // No state file is left half-written by the kill: the server's backend writes no
    // metadata sidecars, the one file the file backend rewrites in place.
    const stateFiles = readdirSync(join(dataDir, "data", "state"), { recursive: true });
    assert.ok(stateFiles.some((name) => String(name).endsWith("production.json")));
    assert.deepEqual(
      stateFiles.filter((name) => String(name).endsWith(".attrs")),
      [],
    );

    const second = await startServerProcess();
    assert.equal(existsSync(worktrees), false, "the restart cleared the crashed worktree");
    assert.doesNotMatch(repo.git("worktree", "list"), /worktrees/, "and git forgot it");
    const interrupted = (await call(`${second.url}/deployments/${id}`))
      .body as unknown as Operation;
    assert.equal(interrupted.status, "interrupted");
    assert.equal(interrupted.error?.code, "interrupted");
    assert.deepEqual(
      interrupted.steps.map((s) => [s.name, s.status]),
      [
        ["preflight", "succeeded"],
        ["change-analysis", "succeeded"],
        ["checkout", "succeeded"],
        ["install", "succeeded"],
        ["checks", "succeeded"],
        ["up", "cancelled"],
      ],
    );

    // The killed server's engine may still be finishing; that shows as a clear 409 until it has.
    let next: { status: number; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 120; i++) {
      next = await call(`${second.url}/stacks/production/deploy`, "POST", {});
      if (next.status !== 409) break;
      assert.equal((next.body.error as { code: string }).code, "stack_locked");
      await sleep(500);
    }
    assert.equal(next?.status, 202, JSON.stringify(next?.body));
    const recovered = await finished(second.url, (next.body.deployment as Operation).id);
    assert.equal(recovered.status, "succeeded", JSON.stringify(recovered.error));
    assert.deepEqual(recovered.affectedServices, ["api"]);
    assert.equal(recovered.releaseTag, 2);
  });

  it("on SIGTERM lets a running deploy finish within the grace period, and cancels it cleanly past it", async () => {
    for (const server of servers.splice(0)) killGroup(server);
    const journalPath = join(dataDir, "data", "journal.sqlite");

    const patient = await startServerProcess({ FLIGHTDECK_SHUTDOWN_GRACE_MS: "60000" });
    repo.commit({ "services/api/handler.ts": "export const api = 3;\n" }, "api");
    const finishing = await call(`${patient.url}/stacks/production/deploy`, "POST", {});
    const finishingId = (finishing.body.deployment as Operation).id;
    await engineUpdating(patient.url, finishingId);
    patient.child.kill("SIGTERM");
    assert.equal(await exitCode(patient.child), 0);

    const hasty = await startServerProcess({ FLIGHTDECK_SHUTDOWN_GRACE_MS: "300" });
    repo.commit({ "services/api/handler.ts": "export const api = 4;\n" }, "api");
    const cancelling = await call(`${hasty.url}/stacks/production/deploy`, "POST", {});
    const cancellingId = (cancelling.body.deployment as Operation).id;
    await engineUpdating(hasty.url, cancellingId);
    hasty.child.kill("SIGTERM");
    assert.equal(await exitCode(hasty.child), 0);

    const journal = new SqliteJournal(journalPath);
    try {
      assert.equal(journal.getOperation(finishingId)?.status, "succeeded");
      const cancelled = journal.getOperation(cancellingId);
      assert.equal(cancelled?.status, "cancelled");
      assert.equal(cancelled?.steps.at(-1)?.status, "cancelled");
      assert.equal(journal.lockHolder("production"), undefined);
    } finally {
      journal.close();
    }

    // The engine stopped cleanly: the next server deploys at once, without a stale lock.
    const next = await startServerProcess();
    const deployed = await call(`${next.url}/stacks/production/deploy`, "POST", {});
    assert.equal(deployed.status, 202, JSON.stringify(deployed.body));
    assert.equal(
      (await finished(next.url, (deployed.body.deployment as Operation).id)).status,
      "succeeded",
    );
  });
});
