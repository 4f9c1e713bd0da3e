import { createHash, randomUUID } from "node:crypto";
import {
  copyFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  utimes,
} from "node:fs/promises";
import { join } from "node:path";
import { pathExists } from "../fs/path-exists";
import { ownerGone } from "../journal/instance-owner";
import { PipelineError } from "../domain/operation-error";
import type { Sandbox } from "../sandbox/sandbox";
import { checkNpmrc } from "./npmrc-policy";

export interface InstallResult {
  /** Of package-lock.json, package.json and .npmrc together: what an install depends on. */
  lockfileSha256: string;
  /** The install the tree's node_modules links to: read-only to the commit's code. */
  dir: string;
  /** Whether an earlier install of the same lockfile was reused. */
  cached: boolean;
}

/** Installs of other lockfiles kept besides the one in use: enough for a rollback's commit. */
const keptInstalls = 3;

/** npm states the error first and may follow it with usage text, so both ends are kept. */
function excerpt(output: string): string {
  const text = output.trim();
  return text.length <= 2000 ? text : `${text.slice(0, 1000)}\n…\n${text.slice(-1000)}`;
}

interface NpmCi {
  dir: string;
  /** npm's download cache, shared by installs; the only other folder an install may write. */
  cache: string;
  env: Record<string, string>;
  sandbox: Sandbox;
  signal: AbortSignal;
}

/** `npm ci` in the sandbox: its lifecycle scripts are the commit's code. */
function npmCi({ dir, cache, env, sandbox, signal }: NpmCi): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    // Strict: a dependency's install script runs only where package.json's allowScripts
    // approves it, and one it neither approves nor denies stops the install.
    const args = ["ci", "--strict-allow-scripts", "--prefer-offline", "--no-audit", "--no-fund"];
    const { child } = sandbox.spawn("npm", args, {
      cwd: dir,
      writable: [dir, cache],
      readOnly: [],
      env,
      npmCache: cache,
    });
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-64_000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const stop = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    };
    signal.addEventListener("abort", stop, { once: true });
    child.once("error", reject);
    child.once("close", (code) => {
      signal.removeEventListener("abort", stop);
      if (signal.aborted)
        reject(signal.reason instanceof Error ? signal.reason : new Error("cancelled"));
      else if (code === 0) resolve();
      else
        reject(
          new PipelineError("install_failed", `npm ci failed (exit ${code}): ${excerpt(output)}`, {
            exitCode: code,
          }),
        );
    });
  });
}

/** Drops the least recently used installs beyond the few worth keeping. */
async function evictOldInstalls(root: string, inUse: string): Promise<void> {
  const entries = await readdir(root).catch(() => [] as string[]);
  const installs = await Promise.all(
    entries
      .filter((name) => /^[0-9a-f]{64}$/.test(name) && name !== inUse)
      .map(async (name) => ({ name, used: (await stat(join(root, name))).mtimeMs })),
  );
  installs.sort((a, b) => b.used - a.used);
  for (const old of installs.slice(keptInstalls))
    await rm(join(root, old.name), { recursive: true, force: true });
}

export interface InstallOptions {
  treeDir: string;
  /** The shared folder of installs, one per key. */
  root: string;
  env: Record<string, string>;
  signal: AbortSignal;
  /** Names the server whose install this is, so another one never clears it mid-way. */
  instanceId: string;
  sandbox: Sandbox;
}

/** What an install depends on: the lockfile, package.json (its allow-list of scripts), .npmrc. */
export async function installKey(treeDir: string): Promise<string> {
  const lockfile = await readFile(join(treeDir, "package-lock.json")).catch(() => {
    throw new PipelineError(
      "install_failed",
      "the commit has no package-lock.json: npm ci installs only from a lockfile",
    );
  });
  const hash = createHash("sha256").update(lockfile);
  for (const file of ["package.json", ".npmrc"]) {
    const text = await readFile(join(treeDir, file), "utf8").catch(() => "");
    if (file === ".npmrc") checkNpmrc(text);
    hash.update(`\0${file}\0${text}`);
  }
  return hash.digest("hex");
}

/**
 * Gives a release tree its node_modules: `npm ci` once per key (installKey), into a
 * shared folder the tree links to, so a deploy whose dependencies did not change installs
 * nothing. The install runs in the sandbox in a folder of its own; the server then takes
 * it back, so no commit's code can change an install a later release will use. An
 * install appears under its final name only once complete.
 */
export async function installDependencies(options: InstallOptions): Promise<InstallResult> {
  const { treeDir, root, env, signal, instanceId, sandbox } = options;
  const lockfileSha256 = await installKey(treeDir);
  const target = join(root, lockfileSha256);
  const cached = await pathExists(target);
  if (!cached) {
    const partial = join(root, `partial-${instanceId}--${randomUUID()}`);
    // Beside the installs, not among them: only installs are listed and evicted there.
    const cache = `${root}.npm-cache`;
    await mkdir(partial, { recursive: true });
    await mkdir(cache, { recursive: true });
    try {
      for (const file of ["package.json", "package-lock.json", ".npmrc"]) {
        if (await pathExists(join(treeDir, file)))
          await copyFile(join(treeDir, file), join(partial, file));
      }
      await sandbox.handOver(partial, cache);
      await npmCi({ dir: partial, cache, env, sandbox, signal });
      await sandbox.takeBack(partial);
      // Another operation may have finished the same install meanwhile: either copy will do.
      await rename(partial, target).catch(async () => {
        if (!(await pathExists(target)))
          throw new Error(`could not keep the install of ${lockfileSha256}`);
      });
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }
  const now = new Date();
  await utimes(target, now, now);
  await symlink(join(target, "node_modules"), join(treeDir, "node_modules"), "dir");
  await evictOldInstalls(root, lockfileSha256);
  return { lockfileSha256, dir: target, cached };
}

/**
 * At start: installs whose server died are incomplete and go; those of a server still
 * running (another instance sharing the folder) are left to finish.
 */
export async function clearPartialInstalls(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!name.startsWith("partial-")) continue;
    const owner = name.slice("partial-".length, name.lastIndexOf("--"));
    if (!owner.includes(":") || ownerGone(owner))
      await rm(join(root, name), { recursive: true, force: true });
  }
}
