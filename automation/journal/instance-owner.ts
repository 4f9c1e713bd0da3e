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
 * Whether an owner is known to be gone: its process no longer runs on this host. An
 * owner on another host is never known gone; its lease has to expire.
 */
export function ownerGone(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "EPERM";
  }
}
