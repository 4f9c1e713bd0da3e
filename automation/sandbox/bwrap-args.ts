import { lstatSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { sandboxHome, type SandboxSpec } from "./sandbox-spec";

/**
 * The system the commit's code runs on, read-only: /usr and /etc (certificates, the
 * resolver, the passwd database), and the top-level links or folders a merged-/usr system
 * has or not. Nothing else of the host: no /root, no /home, no /var, no data directory.
 */
function systemBinds(): string[] {
  const args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"];
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    const stat = lstatSync(top, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isSymbolicLink()) args.push("--symlink", readlinkSync(top), top);
    else args.push("--ro-bind", top, top);
  }
  return args;
}

/** Folders the sandbox has of its own, in which bound paths need no parents made. */
const provided = ["/usr", "/etc", "/proc", "/dev", "/tmp", sandboxHome];

/**
 * The folders leading to each bound path, made traversable: bwrap would otherwise copy
 * the host's (a data directory is 0700), and the sandbox's uid could not reach the path.
 * Under the private home they are the sandbox's to write (PULUMI_HOME).
 */
function parentFolders(targets: readonly string[]): string[] {
  const parents = new Set<string>();
  for (const target of targets)
    for (let dir = dirname(target); dir !== "/"; dir = dirname(dir))
      if (!provided.includes(dir)) parents.add(dir);
  const args: string[] = [];
  for (const dir of [...parents].sort((a, b) => a.split("/").length - b.split("/").length))
    args.push("--perms", dir.startsWith(`${sandboxHome}/`) ? "0777" : "0755", "--dir", dir);
  return args;
}

const sandboxHostPattern = /^(.+)\.sandbox-(\d+)$/;

/**
 * The sandbox's host name: this host's, and the pid of the bwrap process that holds the
 * sandbox, which lives exactly as long as it. An engine's lock file names its host and
 * its pid inside the sandbox (1); the host name says which process on this host to ask.
 */
export function sandboxHostname(bwrapPid: number): string {
  return `${hostname()}.sandbox-${bwrapPid}`;
}

/** For a lock written inside a sandbox: the host, and the pid there that stands for it. */
export function sandboxHolder(name: string | undefined): { host: string; pid: number } | undefined {
  const found = name === undefined ? null : sandboxHostPattern.exec(name);
  return found ? { host: found[1]!, pid: Number(found[2]) } : undefined;
}

/** Root may hand the process to an unprivileged uid; anyone else maps its own in a user namespace. */
export interface SandboxIdentity {
  asRoot: boolean;
  uid: number;
}

/**
 * bwrap's options for one process, passed through a file descriptor (`--args`) so that
 * no value, such as a stack's passphrase, ever shows in a process list.
 */
export function bwrapOptions(
  spec: SandboxSpec,
  identity: SandboxIdentity,
  /** The host's pid of the bwrap process: see sandboxHostname. */
  bwrapPid: number,
): string[] {
  const args = [
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--hostname",
    sandboxHostname(bwrapPid),
    // The command is the namespace's first process, so a signal sent to it (the engine's
    // graceful cancel) reaches it; when it ends, everything it left behind ends with it.
    "--as-pid-1",
    "--die-with-parent",
    "--new-session",
    ...(identity.asRoot ? [] : ["--unshare-user", "--disable-userns"]),
    ...systemBinds(),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--perms",
    "1777",
    "--tmpfs",
    "/tmp",
    "--perms",
    "0777",
    "--tmpfs",
    sandboxHome,
  ];
  const plugins = `${sandboxHome}/.pulumi/plugins`;
  args.push(...parentFolders([...spec.readOnly, ...spec.writable, plugins]));
  if (spec.pluginsDir) args.push("--ro-bind", spec.pluginsDir, plugins);
  for (const path of spec.readOnly) args.push("--ro-bind", path, path);
  for (const path of spec.writable) args.push("--bind", path, path);
  args.push("--chdir", spec.cwd, "--clearenv");
  // npm's settings and cache would name the server's files, which are not there.
  const { npm_config_userconfig: _userconfig, npm_config_cache: _cache, ...passed } = spec.env;
  const env = {
    ...passed,
    HOME: sandboxHome,
    TMPDIR: "/tmp",
    npm_config_cache: spec.npmCache ?? `${sandboxHome}/.npm`,
  };
  for (const [name, value] of Object.entries(env)) args.push("--setenv", name, value);
  return args;
}

/** What runs the command inside, as root: an unprivileged uid, no groups, no capabilities. */
export function dropPrivileges(identity: SandboxIdentity): string[] {
  if (!identity.asRoot) return [];
  const id = String(identity.uid);
  return [
    "/usr/bin/setpriv",
    `--reuid=${id}`,
    `--regid=${id}`,
    "--clear-groups",
    "--inh-caps=-all",
    "--bounding-set=-all",
    "--no-new-privs",
    "--",
  ];
}
