import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { createInlineStack } from "../tests/support/pulumi-engine";
import type { ReleaseWorld } from "../tests/support/release-server";
import { median, ms, timed } from "./stats";

/** A TypeScript Pulumi project with one output and no resources. */
async function emptyProject(dir: string, nodeModules: string): Promise<void> {
  await mkdir(join(dir, "infra"), { recursive: true });
  await writeFile(
    join(dir, "Pulumi.yaml"),
    "name: floor\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: infra/\n",
  );
  await writeFile(join(dir, "infra", "index.ts"), "export const answer = 42;\n");
  await symlink(nodeModules, join(dir, "node_modules"));
}

/**
 * The least a local program can add: `up` of an empty program run by the engine in a
 * process of its own (node, @pulumi/pulumi and ts-node starting cold) against the same
 * empty program inline. A released commit's program pays this before its own code runs.
 */
export async function programFloor(
  world: ReleaseWorld,
  dependenciesDir: string,
  runs: number,
): Promise<void> {
  const names = (await readdir(dependenciesDir)).filter((name) => /^[0-9a-f]{64}$/.test(name));
  // The most recently used: the last that another run sharing the folder would evict.
  const installs = await Promise.all(
    names.map(async (name) => ({ name, used: (await stat(join(dependenciesDir, name))).mtimeMs })),
  );
  const install = installs.sort((a, b) => b.used - a.used)[0]?.name;
  assert.ok(install, "no complete install to borrow node_modules from");
  const dir = await mkdtemp(join(tmpdir(), "flightdeck-bench-floor-"));
  try {
    await emptyProject(dir, join(dependenciesDir, install, "node_modules"));
    const local = await LocalWorkspace.createOrSelectStack(
      { stackName: "floor", workDir: dir },
      {
        pulumiCommand: world.engine.pulumiCommand,
        envVars: {
          ...world.engine.envVars,
          PULUMI_BACKEND_URL: world.engine.backendUrl,
          PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        },
      },
    );
    const inline = await createInlineStack(world.engine, "floor", "floor-inline", async () => ({
      answer: 42,
    }));
    const localUp: number[] = [];
    const inlineUp: number[] = [];
    for (let i = 0; i < runs; i++) {
      localUp.push(await timed(() => local.up()));
      inlineUp.push(await timed(() => inline.up()));
    }
    console.log(
      `empty program up: local / inline   ${ms(median(localUp))} / ${ms(median(inlineUp))}`,
    );
    console.log(`a local program's own start        ${ms(median(localUp) - median(inlineUp))}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
