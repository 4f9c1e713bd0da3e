import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * ts-node's cache of a program's compiled TypeScript, one folder per stack, kept across
 * that stack's engine runs. The sandbox's own tmp, where ts-node would keep it, is new at
 * every run, and compiling every file again cost an api `up` a quarter of a second on two
 * cores. The commit's code can write it, so no other stack's engine ever sees it
 * (README, "Security model").
 */
export const programCacheDir = (dataDir: string, stack: string) =>
  join(dataDir, "program-cache", stack);

/** The environment that points ts-node at the cache. */
export const programCacheEnv = (dir: string) => ({ TS_NODE_CACHE_DIRECTORY: dir });

/** Past this many compiled files the cache starts over: otherwise it only grows. */
const maxEntries = 2_000;

/** Makes the folder, emptied first once it has grown past its bound. */
export async function prepareProgramCache(dir: string): Promise<void> {
  if ((await countEntries(dir)) > maxEntries) await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

/** ts-node keeps a folder per compiler and its options, one file per source. */
async function countEntries(dir: string): Promise<number> {
  const folders = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let count = 0;
  for (const folder of folders)
    if (folder.isDirectory()) count += (await readdir(join(dir, folder.name))).length;
  return count;
}
