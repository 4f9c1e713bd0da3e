import { sandboxHolder } from "../sandbox/bwrap-args";

/**
 * The process on this host that stands for an engine lock's holder. An engine in the
 * sandbox is pid 1 of its own namespace, and names its sandbox in its host name: then the
 * sandbox's process on this host stands for it, living exactly as long.
 */
export function lockHolder(lock: { hostname?: string; pid?: number }): {
  host: string | undefined;
  pid: number | undefined;
} {
  return sandboxHolder(lock.hostname) ?? { host: lock.hostname, pid: lock.pid };
}
