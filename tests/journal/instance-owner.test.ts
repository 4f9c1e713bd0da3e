import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, existsSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import {
  localProcess,
  newInstanceId,
  operationOwnerGone,
  ownerGone,
  processStart,
} from "../../automation/journal/instance-owner";
import type { Operation } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { clearWorktrees } from "../../automation/git/worktree";

const repoRoot = resolve(__dirname, "../..");
const child = join(__dirname, "journal-child.ts");
const dir = mkdtempSync(join(tmpdir(), "flightdeck-owner-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An owner id of ours with one part replaced. */
const ours = (index: number, value: string) => {
  const parts = newInstanceId().split(":");
  parts[index] = value;
  return parts.join(":");
};

/** A process in a PID namespace of its own (the same host name) that began an operation. */
async function beginInOtherNamespace(
  file: string,
  stack: string,
): Promise<{ hanging: ChildProcess; operation: Operation }> {
  // Its pids start at 1; one far up names no process of ours, as it would for the old check.
  const script = `echo ${farPid - 1} > /proc/sys/kernel/ns_last_pid; "$@"`;
  const hanging = spawn(
    "unshare",
    ["--pid", "--fork", "--kill-child", "--mount-proc", "sh", "-c", script, "sh"].concat([
      process.execPath,
      "--import",
      "tsx",
      child,
      "begin-and-hang",
      file,
      stack,
    ]),
    { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = await new Promise<string>((done) =>
    hanging.stdout.once("data", (chunk: Buffer) => done(chunk.toString())),
  );
  return { hanging, operation: (JSON.parse(line) as { operation: Operation }).operation };
}

const farPid = 77_777;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const canUnshare = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", "true"]).status === 0;

describe("owner ids", () => {
  it("name host, pid, boot, PID namespace and start time; only a dead or reused pid of ours is gone", () => {
    const id = newInstanceId();
    const [host, pid, random, boot, pidNamespace, start] = id.split(":");
    assert.equal(host, hostname());
    assert.equal(Number(pid), process.pid);
    assert.match(random!, /^[0-9a-f]{8}$/);
    assert.match(boot!, /^[0-9a-f-]{36}$/);
    assert.match(pidNamespace!, /^\d+$/);
    assert.equal(start, processStart(process.pid));
    assert.equal(ownerGone(id), false, "this process runs");
    assert.equal(ownerGone(ours(5, "1")), true, "our pid, started at another time: reused");
    const exited = spawnSync(process.execPath, ["-e", ""]).pid;
    assert.equal(ownerGone(ours(1, String(exited))), true, "a pid of ours that ended");
    assert.equal(ownerGone(ours(3, "another-boot")), false, "another boot: the lease decides");
    assert.equal(ownerGone(ours(4, "1")), false, "another PID namespace: the lease decides");
    const older = `${hostname()}:${exited}:abcd1234`;
    assert.equal(operationOwnerGone(older), false, "an operation of the older format: its lease");
    assert.equal(
      ownerGone(older),
      true,
      "a folder of the older format: by host and pid, as before",
    );
    assert.equal(ownerGone(`${hostname()}:${process.pid}:abcd1234`), false);
    assert.equal(ownerGone(`${hostname()}:${exited}`), false);
    for (const id of [ours(5, "1"), ours(1, String(exited)), ours(3, "b"), ours(4, "1")])
      assert.equal(operationOwnerGone(id), ownerGone(id), "the same rule for the owner format");
  });

  it("looks up an engine lock's pid only when its writer shares our pids", () => {
    const exited = spawnSync(process.execPath, ["-e", ""]).pid;
    assert.equal(localProcess(hostname(), exited, newInstanceId()), "gone");
    assert.equal(localProcess(hostname(), process.pid, newInstanceId()), "running");
    assert.equal(localProcess(hostname(), exited, ours(4, "1")), undefined);
    assert.equal(localProcess(hostname(), exited), "gone", "no writer: by the host name");
    assert.equal(localProcess("elsewhere", exited), undefined);
  });

  it("counts a killed process not yet reaped (a zombie) as gone", async () => {
    // The inner shell exits; its parent, now `sleep`, never reaps it.
    const parent = spawn("sh", ["-c", 'sh -c "exit 0" & echo $!; exec sleep 5'], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const zombie = Number(
      await new Promise<string>((done) =>
        parent.stdout.once("data", (chunk: Buffer) => done(chunk.toString())),
      ),
    );
    try {
      for (let i = 0; i < 50 && localProcess(hostname(), zombie) !== "gone"; i++) await sleep(20);
      assert.equal(localProcess(hostname(), zombie), "gone");
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it(
    "never takes the live operation or the worktree of an instance in another PID namespace on the same host",
    { skip: !canUnshare && "needs unshare (root)" },
    async () => {
      const file = join(dir, "journal.sqlite");
      const journal = new SqliteJournal(file);
      const { hanging, operation } = await beginInOtherNamespace(file, "namespaced");
      try {
        const theirId = ownerOf(file, operation.id);
        assert.equal(theirId.split(":")[1], String(farPid));
        assert.equal(localProcess(hostname(), farPid), "gone", "its pid names nothing here");
        assert.equal(
          (await journal.claimExpired(60_000)).some((o) => o.id === operation.id),
          false,
          "a live owner in another PID namespace keeps its operation",
        );
        const gitDir = join(dir, "repo");
        mkdirSync(gitDir);
        spawnSync("git", ["init", "--quiet", gitDir]);
        const worktrees = join(dir, "worktrees");
        const theirs = join(worktrees, theirId);
        mkdirSync(theirs, { recursive: true });
        await clearWorktrees(gitDir, worktrees);
        assert.ok(existsSync(theirs), "its worktree stays");
      } finally {
        hanging.kill("SIGKILL");
        await new Promise((done) => hanging.once("exit", done));
      }
      assert.equal(
        (await journal.claimExpired(60_000)).some((o) => o.id === operation.id),
        false,
        "even once it died: from another namespace only the lease tells",
      );
      assert.ok((await journal.claimExpired(1)).some((o) => o.id === operation.id));
      await journal.settleInterrupted(operation.id);
      await journal.close();
    },
  );
});

/** The owner column, which the Operation type does not show. */
function ownerOf(file: string, id: string): string {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare("SELECT owner FROM operations WHERE id = ?").get(id) as { owner: string })
      .owner;
  } finally {
    db.close();
  }
}
