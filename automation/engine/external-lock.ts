import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { localProcess } from "../journal/instance-owner";
import { lockHolder } from "./engine-lock-holder";
import { s3LockKeys } from "./s3-engine-locks";
import type { StateBucket } from "./state-bucket";

interface LockFile {
  path: string;
  pid?: number;
  hostname?: string;
}

async function lockFiles(
  backendUrl: string,
  projectName: string,
  stackName: string,
): Promise<LockFile[]> {
  const locks = join(fileURLToPath(backendUrl), ".pulumi", "locks");
  const found: LockFile[] = [];
  for (const org of await readdir(locks).catch(() => [] as string[])) {
    const dir = join(locks, org, projectName, stackName);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.endsWith(".json")) continue;
      const path = join(dir, name);
      const content = await readFile(path, "utf8").catch(() => "{}");
      try {
        found.push({ path, ...(JSON.parse(content) as { pid?: number; hostname?: string }) });
      } catch {
        found.push({ path });
      }
    }
  }
  return found;
}

/**
 * Whether a pulumi process outside this server (an engineer's `pulumi up`) holds the
 * stack's lock. The file backend keeps locks as files under
 * .pulumi/locks/<org>/<project>/<stack>/, naming the holder's pid and host (for an engine
 * in the sandbox, the host and the pid of its sandbox: bwrap-args.ts). A lock
 * whose process is gone on this host is stale, left by an engine that died with a
 * crashed server, and is removed so the stack can be released again. An S3 backend keeps
 * the same objects in its bucket, written by engines on any machine: every one of them
 * holds the stack here, and only the lease path removes those of a dead instance
 * (engine-lock-record.ts). Other backends are left to the engine, whose
 * concurrent-update error gets the same clear message.
 */
export async function externalLockHeld(
  backendUrl: string,
  projectName: string,
  stackName: string,
  stateBucket?: StateBucket,
): Promise<boolean> {
  if (stateBucket) return (await s3LockKeys(stateBucket, projectName, stackName)).length > 0;
  if (!backendUrl.startsWith("file://")) return false;
  let held = false;
  for (const lock of await lockFiles(backendUrl, projectName, stackName)) {
    const holder = lockHolder(lock);
    if (localProcess(holder.host, holder.pid) === "gone") await rm(lock.path, { force: true });
    else held = true;
  }
  return held;
}
