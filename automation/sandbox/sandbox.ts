import { spawn, type ChildProcess } from "node:child_process";
import { accountFiles, type AccountFiles } from "./account-files";
import { findOnPath } from "../../toolchain/pulumi-cli";
import { bwrapOptions, dropPrivileges, type SandboxIdentity } from "./bwrap-args";
import { changeOwner } from "./change-owner";
import type { SandboxSetting } from "./sandbox-setting";
import type { SandboxSpec } from "./sandbox-spec";

export interface SandboxedProcess {
  child: ChildProcess;
  /**
   * The process the command runs as, as this host numbers it: the one to signal for a
   * graceful stop (signalling bwrap itself would end the sandbox at once).
   */
  commandPid: Promise<number | undefined>;
}

/** The first `"child-pid": N` bwrap reports on its info descriptor. */
function readChildPid(child: ChildProcess): Promise<number | undefined> {
  const info = child.stdio[4];
  if (!info) return Promise.resolve(child.pid);
  return new Promise((resolve) => {
    let text = "";
    info.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const found = /"child-pid":\s*(\d+)/.exec(text);
      if (found) resolve(Number(found[1]));
    });
    info.once("close", () => resolve(undefined));
    info.once("error", () => resolve(undefined));
  });
}

/**
 * Runs what comes from a released commit (its install scripts, checks, database commands
 * and the engine with its program) with only what its operation needs: see sandbox-spec.ts
 * for what is bound, bwrap-args.ts for how. With the setting `off` it runs the command
 * directly, with the same environment and nothing hidden.
 */
export class Sandbox {
  private readonly identity: SandboxIdentity;
  private readonly bwrap?: string;
  private readonly accounts?: AccountFiles;

  constructor(readonly setting: SandboxSetting) {
    this.identity = { asRoot: process.getuid?.() === 0, uid: setting.uid };
    this.bwrap = setting.mode === "bubblewrap" ? findOnPath("bwrap", "") : undefined;
    if (this.bwrap && this.identity.asRoot) this.accounts = accountFiles(setting.uid);
  }

  get enabled(): boolean {
    return this.setting.mode === "bubblewrap";
  }

  /** Whether files the commit's code writes must first be given to its uid. */
  private get changesUid(): boolean {
    return this.enabled && this.identity.asRoot;
  }

  /** Gives folders (and all in them) to the sandbox's uid, so its process may write there. */
  async handOver(...paths: string[]): Promise<void> {
    if (this.changesUid && paths.length > 0) await changeOwner(paths, this.setting.uid);
  }

  /** Takes a folder back from the sandbox's uid: from then on the sandbox may only read it. */
  async takeBack(path: string): Promise<void> {
    if (this.changesUid) await changeOwner([path], process.getuid?.() ?? 0);
  }

  /** One process started as an operation's would be: whether this host can confine released code. */
  async trial(): Promise<{ ok: true; detail: string } | { ok: false; reason: string }> {
    if (!this.bwrap) return { ok: false, reason: "bwrap is not installed" };
    const { child } = this.spawn("/bin/sh", ["-c", "id -u"], {
      cwd: "/",
      writable: [],
      readOnly: [],
      env: { PATH: "/usr/bin:/bin" },
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.once("error", () => resolve(null));
      child.once("close", resolve);
    });
    if (code !== 0)
      return { ok: false, reason: output.trim().split("\n")[0] || `bwrap exited with ${code}` };
    const uid = output.trim();
    return {
      ok: true,
      detail: this.identity.asRoot
        ? `bubblewrap: own mount, PID, IPC and UTS namespaces, uid ${uid}`
        : `bubblewrap: own user, mount, PID, IPC and UTS namespaces (the server's uid mapped, as it is not root)`,
    };
  }

  spawn(command: string, args: readonly string[], spec: SandboxSpec): SandboxedProcess {
    if (!this.enabled) {
      const child = spawn(command, args, {
        cwd: spec.cwd,
        env: spec.env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      return { child, commandPid: Promise.resolve(child.pid) };
    }
    if (!this.bwrap)
      throw new Error("bwrap is not installed: install bubblewrap, or set FLIGHTDECK_SANDBOX=off");
    const accounts = this.accounts
      ? ["--perms", "0644", "--ro-bind-data", "5", "/etc/passwd"].concat([
          "--perms",
          "0644",
          "--ro-bind-data",
          "6",
          "/etc/group",
        ])
      : [];
    const child = spawn(
      this.bwrap,
      [
        "--args",
        "3",
        "--info-fd",
        "4",
        ...accounts,
        "--",
        ...dropPrivileges(this.identity),
        command,
        ...args,
      ],
      {
        env: {},
        detached: true,
        stdio: ["ignore", "pipe", "pipe", "pipe", "pipe", "pipe", "pipe"],
      },
    );
    const write = (fd: number, text: string) =>
      (child.stdio[fd] as NodeJS.WritableStream).end(text);
    // Each option ends with a NUL, as --args reads them.
    write(
      3,
      bwrapOptions(spec, this.identity, child.pid ?? 0)
        .map((arg) => `${arg}\0`)
        .join(""),
    );
    if (this.accounts) {
      write(5, this.accounts.passwd);
      write(6, this.accounts.group);
    }
    return { child, commandPid: readChildPid(child) };
  }
}
