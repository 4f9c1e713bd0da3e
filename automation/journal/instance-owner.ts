import { randomUUID } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Owner ids, and when an owner is known gone.
 *
 * A host name and a pid do not name a process: containers with host networking share
 * the host name and each has its own pid numbering, and a pid is reused after its
 * process ends. So an owner id also names the boot, the PID namespace and the start time
 * of its process: `host:pid:random:boot:pidns:start`. Only an owner whose boot and PID
 * namespace are ours can be looked up here, and it is gone when its pid runs no process
 * or one started at another time. Any other owner is not known gone: its lease decides.
 */

/** What /proc says of this process's place; empty where there is no /proc. */
interface Place {
  boot: string;
  pidNamespace: string;
}

const readOr = (read: () => string): string => {
  try {
    return read();
  } catch {
    return "";
  }
};

let ours: Place | undefined;
function ourPlace(): Place {
  ours ??= {
    boot: readOr(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()),
    // "pid:[4026531836]": the number alone, so the id stays a plain file name.
    pidNamespace: readOr(() => /\d+/.exec(readlinkSync("/proc/self/ns/pid"))?.[0] ?? ""),
  };
  return ours;
}

/**
 * When a process of this PID namespace started (clock ticks since boot, field 22 of
 * /proc/<pid>/stat), or undefined when it runs no process here. The process's name,
 * field 2, may hold spaces and parentheses, so fields are counted after its last ")".
 */
export function processStart(pid: number): string | undefined {
  return statFields(pid)[19] || undefined;
}

/** The fields of /proc/<pid>/stat from the third on (state first), or none. */
function statFields(pid: number): string[] {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, "utf8"));
  return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : [];
}

/** Names this server instance (one open journal) as the owner of what it runs. */
export function newInstanceId(): string {
  const { boot, pidNamespace } = ourPlace();
  const start = processStart(process.pid) ?? "";
  return [hostname(), process.pid, randomUUID().slice(0, 8), boot, pidNamespace, start].join(":");
}

/**
 * Whether a pid of this PID namespace runs a process; EPERM: it runs, under another
 * user. A zombie (killed, not yet reaped: its parent died with it) runs nothing.
 */
function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return statFields(pid)[0] !== "Z";
}

/**
 * Whether an id in the owner format names a process that can be looked up from here:
 * the same host, boot and PID namespace as ours. Ids of the older `host:pid:random`
 * format never are: they do not say which namespace their pid belongs to.
 */
export function sharesOurPids(owner: string): boolean {
  const [host, , , boot, pidNamespace] = owner.split(":");
  const place = ourPlace();
  return (
    owner.split(":").length === 6 &&
    host === hostname() &&
    !!place.boot &&
    boot === place.boot &&
    !!place.pidNamespace &&
    pidNamespace === place.pidNamespace
  );
}

/**
 * What this host says of a process named by host and pid, as engine locks name their
 * engine: `running` or `gone` when it is a process of ours, undefined when it is not, or
 * when nothing says whose: from here, such a process is never known gone. A pid is ours
 * only when `writer`, the owner whose engine wrote the lock, shares our pids; without a
 * writer, the host name has to do (the file backend, which one server keeps alone).
 */
export function localProcess(
  host: string | undefined,
  pid: number | undefined,
  writer?: string,
): "running" | "gone" | undefined {
  if (host !== hostname() || pid === undefined || !Number.isInteger(pid)) return undefined;
  if (writer !== undefined && !sharesOurPids(writer)) return undefined;
  return pidRuns(pid) ? "running" : "gone";
}

/**
 * Whether the owner of an operation is known to be gone: it shares our boot and PID
 * namespace, and its pid runs no process or one that started at another time (the pid
 * was reused). Any other owner is never known gone; its lease has to lapse. That holds
 * for ids of the older `host:pid:random` format too, which a journal written before
 * may still hold: they cannot say whose namespace their pid is in, and a lease can.
 */
export function operationOwnerGone(owner: string): boolean {
  if (!sharesOurPids(owner)) return false;
  const [, pid, , , , start] = owner.split(":");
  if (!pid || !/^\d+$/.test(pid) || !start) return false;
  if (!pidRuns(Number(pid))) return true;
  const now = processStart(Number(pid));
  return now !== undefined && now !== start;
}

/**
 * Whether the owner of something left on disk (a worktree, a half-done install) is
 * known to be gone, as operationOwnerGone judges it. Those named by an id of the older
 * format have no lease to wait for, and were left by a version that judged them by host
 * and pid alone: they still are, or they would never go.
 */
export function ownerGone(owner: string): boolean {
  const [host, pid, ...rest] = owner.split(":");
  if (rest.length === 1 && pid && /^\d+$/.test(pid))
    return localProcess(host, Number(pid)) === "gone";
  return operationOwnerGone(owner);
}
