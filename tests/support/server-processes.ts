import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Operation } from "../../automation/journal/journal";
import { repoRoot } from "../../toolchain/paths";
import { startEmulatedAws, type EmulatedAws } from "../../sandbox-world/emulated-aws";
import type { GitRepo } from "../../sandbox-world/git-repo";
import { killStrays } from "./kill-strays";
import { createTestEngine, type TestEngine } from "./pulumi-engine";
import { createReleaseRepo } from "../../sandbox-world/release-repo";
import { fastVerify, sharedDependenciesDir } from "./release-server";

const token = "process-test-admin-token-0123456789";
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
}

/** Kills a server with its engine and providers, as a crash of its machine would. */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

export async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/**
 * Automation servers in processes of their own, so a test can kill them, all on one
 * data directory and journal, releasing the local repository against one emulator.
 */
export async function startProcessWorld(
  options: {
    awsEndpoint?: string;
    /** More of the servers' environment, made once the emulator runs (a bucket, a key). */
    env?: (aws: EmulatedAws) => Promise<Record<string, string>>;
  } = {},
) {
  const aws: EmulatedAws = await startEmulatedAws();
  const engine: TestEngine = await createTestEngine();
  const repo: GitRepo = createReleaseRepo(["production"]);
  const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-processes-"));
  const tokensFile = join(dataDir, "tokens.json");
  writeFileSync(tokensFile, JSON.stringify([{ name: "ops", token, scopes: ["admin"] }]), {
    mode: 0o600,
  });
  const { PULUMI_CONFIG_PASSPHRASE, ...engineEnv } = engine.envVars;
  const env: Record<string, string> = {
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
        RELEASE_FIXTURE_RUNTIME_URL: aws.runtime.url,
        RELEASE_FIXTURE_UPDATE_DELAY_MS: "4000",
      },
      aws: { ...aws.aws, endpoint: options.awsEndpoint ?? aws.aws.endpoint },
    }),
    ...(await options.env?.(aws)),
  };
  const servers: ChildProcess[] = [];
  /** Every server's output, to print when a test fails: the cause is there. */
  const logs: string[] = [];

  /**
   * Starts a server; with `hostname`, in a UTS namespace of its own under that name (as
   * root), so the others see it as a server on another machine, whose death they can
   * only learn from its lease. With `pidNamespace`, in a PID namespace of its own (as
   * root) under this host's name, as a container with host networking, its pids far
   * from any of this namespace's.
   */
  async function start(
    extraEnv: Record<string, string> = {},
    options: { hostname?: string; pidNamespace?: boolean } = {},
  ): Promise<ServerProcess> {
    const server = [
      process.execPath,
      "--import",
      "tsx",
      join(repoRoot, "tests/support/server-main.ts"),
    ];
    const farPids = 'echo 77776 > /proc/sys/kernel/ns_last_pid && "$@"';
    const [command, ...args] = options.hostname
      ? ["unshare", "--uts", "sh", "-c", 'hostname "$0" && exec "$@"', options.hostname, ...server]
      : options.pidNamespace
        ? [
            "unshare",
            "--pid",
            "--fork",
            "--kill-child",
            "--mount-proc",
            "sh",
            "-c",
            farPids,
            "sh",
          ].concat(server)
        : server;
    const child = spawn(command!, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a kill takes the engine and providers with it.
      detached: true,
    });
    servers.push(child);
    let output = "";
    const index = logs.push("") - 1;
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        logs[index] = output;
        const match = /^listening (http:\/\/\S+)$/m.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
    return { url, child };
  }

  async function call(url: string, method = "GET", body?: unknown) {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function finished(base: string, id: string): Promise<Operation> {
    for (let i = 0; i < 900; i++) {
      const { body } = await call(`${base}/deployments/${id}`);
      if ((body as unknown as Operation).status !== "running") return body as unknown as Operation;
      await sleep(200);
    }
    throw new Error(`deployment ${id} did not end`);
  }

  /** Starts an operation and answers its id; anything but 202 fails the test. */
  async function begin(base: string, path: string, body: unknown = {}): Promise<string> {
    const started = await call(`${base}${path}`, "POST", body);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    return (started.body.deployment as Operation).id;
  }

  /** Follows the live stream until `text` shows up in it. */
  async function streamShows(base: string, id: string, text: string): Promise<void> {
    const stream = await fetch(`${base}/deployments/${id}/events`, { headers });
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes(text)) {
      const chunk = await reader.read();
      assert.equal(chunk.done, false, `the stream ended before ${text}:\n${seen}`);
      seen += decoder.decode(chunk.value as Uint8Array);
    }
    await reader.cancel();
  }

  return {
    aws,
    engine,
    repo,
    dataDir,
    /** An admin's request headers. */
    headers,
    logs,
    start,
    call,
    begin,
    finished,
    streamShows,
    /** Follows the live stream until the engine updates a resource (slowed down by the fixture). */
    engineUpdating: (base: string, id: string) =>
      streamShows(base, id, '"kind":"resource-started","op":"update"'),
    /** Kills every server started so far. */
    killAll: () => servers.splice(0).forEach(killGroup),
    async stop() {
      servers.forEach(killGroup);
      killStrays(`AWS_ENDPOINT_URL=${aws.moto.endpoint}`);
      await aws.stop();
      await engine.cleanup();
      repo.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ProcessWorld = Awaited<ReturnType<typeof startProcessWorld>>;
