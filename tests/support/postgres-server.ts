import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { postgresAccount, postgresAccountName, postgresBinDir } from "../../toolchain/postgres";
import { freeLoopbackPort } from "../../sandbox-world/free-port";

/**
 * A throwaway PostgreSQL cluster for one test file: its own folder, port and socket, so
 * test files running at once never meet. Every test (or suite) takes a database of its
 * own with `createDatabase()`; `stop()` shuts the server down and removes the folder.
 */
export interface PostgresServer {
  readonly port: number;
  /** The superuser's URL of the `postgres` database, for what tests do behind a journal's back. */
  readonly adminUrl: string;
  /** A new empty database; answers its postgres:// URL (with the superuser's password). */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const superuser = "flightdeck";

/** Speed over durability: a test cluster is thrown away, never recovered after a crash. */
const testSettings = [
  "fsync=off",
  "synchronous_commit=off",
  "full_page_writes=off",
  "max_connections=200",
  "log_min_messages=warning",
];

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root; as root the server runs as the account the
 * bootstrap made. Node switches user and group (dropping supplementary groups) in the
 * child itself, so neither runuser's PAM session nor setpriv is needed.
 */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const account = postgresAccount();
  if (!account) {
    throw new Error(
      `running as root, PostgreSQL needs the account ${postgresAccountName}; run \`npm run bootstrap\``,
    );
  }
  return { uid: account.uid, gid: account.gid };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Runs a program to its end; rejects with the end of its output when it fails. */
async function runProgram(command: string, args: string[], options: SpawnOptions): Promise<void> {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`${command} failed (exit ${code}):\n${output}`);
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Servers of this process still running, shut down if the test process exits without
 * stopping them, or is ended by a signal (a runner cancelling a file, a Ctrl-C).
 */
const running = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function stopAllNow(): void {
  for (const [child, dir] of running) {
    // Immediate shutdown: on exit there is no waiting for a fast one.
    child.kill("SIGQUIT");
    rmSync(dir, { recursive: true, force: true });
  }
  running.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", stopAllNow);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // Then dies of the same signal, as it would have without this listener.
    process.once(signal, () => {
      stopAllNow();
      process.kill(process.pid, signal);
    });
  }
}

/** Starts a cluster in a new temporary folder and resolves once it accepts connections. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL's server is not installed; run `npm run bootstrap`");
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-pg-"));
  const data = join(dir, "data");
  const password = randomBytes(18).toString("base64url");
  const options: SpawnOptions = {
    ...owner,
    cwd: dir,
    // Nothing of the test's environment (PGHOST, PGDATA, a locale) reaches the server.
    env: { PATH: process.env.PATH ?? "", LC_ALL: "C", TZ: "UTC" },
  };
  try {
    if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
    const pwfile = join(dir, "password");
    writeFileSync(pwfile, password, { mode: 0o600 });
    if (owner.uid !== undefined) chownSync(pwfile, owner.uid, owner.gid!);
    await runProgram(
      join(bin, "initdb"),
      [
        "-D",
        data,
        "-U",
        superuser,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--no-locale",
        "--no-sync",
      ],
      options,
    );
    rmSync(pwfile);
    return await listen(join(bin, "postgres"), dir, data, password, options);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Starts the server on a free loopback port. Another process may take the port between
 * asking for it and the server binding it; then it tries another.
 */
async function listen(
  postgres: string,
  dir: string,
  data: string,
  password: string,
  options: SpawnOptions,
): Promise<PostgresServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const args = ["-D", data, "-k", dir, "-h", "127.0.0.1", "-p", String(port)];
    const child = spawn(postgres, [...args, ...testSettings.flatMap((s) => ["-c", s])], {
      ...options,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
    const url = (database: string) =>
      `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
    const adminUrl = url("postgres");
    const deadline = Date.now() + 60_000;
    while (child.exitCode === null && Date.now() < deadline && !(await answers(adminUrl))) {
      await sleep(50);
    }
    if (child.exitCode === null && Date.now() < deadline) {
      running.set(child, dir);
      installExitHook();
      return server(child, dir, port, url);
    }
    child.kill("SIGKILL");
    await exited(child);
    if (!/could not bind|already in use/i.test(log) || attempt === 5) {
      throw new Error(`postgres did not start on port ${port}:\n${log}`);
    }
  }
}

function server(
  child: ChildProcess,
  dir: string,
  port: number,
  url: (database: string) => string,
): PostgresServer {
  let databases = 0;
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    // SIGINT is the fast shutdown: clients still connected are disconnected, not waited for.
    child.kill("SIGINT");
    const done = await Promise.race([
      exited(child).then(() => true),
      sleep(15_000, false, { ref: false }),
    ]);
    if (!done) child.kill("SIGKILL");
    await exited(child);
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    port,
    adminUrl: url("postgres"),
    async createDatabase() {
      const name = `test_${++databases}_${randomBytes(4).toString("hex")}`;
      const client = new Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop: () => (stopped ??= stop()),
  };
}
