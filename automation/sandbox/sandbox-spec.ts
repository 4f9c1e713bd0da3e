/** What one sandboxed process may see and is given. */
export interface SandboxSpec {
  /** Where the process starts: a path inside one of the bound folders. */
  cwd: string;
  /** Bound read-write at the same path (the worktree, an install in progress). */
  writable: readonly string[];
  /** Bound read-only at the same path (the install a worktree links to, the toolchain). */
  readOnly: readonly string[];
  /**
   * The whole environment inside: nothing of the server's passes unless it is named here.
   * HOME and TMPDIR are the sandbox's own.
   */
  env: Record<string, string>;
  /** The server's engine plugins, read-only at the sandbox's own PULUMI_HOME. */
  pluginsDir?: string;
  /** npm's download cache for an install, kept across installs; else a private one. */
  npmCache?: string;
}

/** A private home per process: a tmpfs, gone when the process ends. */
export const sandboxHome = "/home/sandbox";
