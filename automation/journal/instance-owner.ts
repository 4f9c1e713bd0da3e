import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/**
 * Names one server instance (one open journal) as the owner of the operations it runs:
 * host, process id and a random part, so a restarted process with a reused pid is
 * still another owner.
 */
export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * What this host says of a process named by host and pid (an owner, an engine lock):
 * `running` or `gone` when it is a process of this host, undefined when it is not, or no
 * pid is known: from here, such a process is never known gone.
 */
export function localProcess(
  host: string | undefined,
  pid: number | undefined,
): "running" | "gone" | undefined {
  if (host !== hostname() || pid === undefined || !Number.isInteger(pid)) return undefined;
  try {
    process.kill(pid, 0);
    return "running";
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? "running" : "gone";
  }
}

/**
 * Whether an owner is known to be gone: its process no longer runs on this host. An
 * owner on another host is never known gone; its lease has to expire.
 */
export function ownerGone(owner: string): boolean {
  const [host, pid] = owner.split(":");
  return !!pid && /^\d+$/.test(pid) && localProcess(host, Number(pid)) === "gone";
}
