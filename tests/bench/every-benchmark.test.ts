import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { repoRoot } from "../../toolchain/paths";
import { killStrays } from "../support/kill-strays";

// So that benchmarks cannot rot: each runs once, end to end, as `npm run bench` runs it,
// only small (bench/size.ts). Everything it starts is its own (ports, folders, data), so
// it runs beside the other test files.

/** A figure line each benchmark prints only once it has measured: proof that it ran to the end. */
const figures = {
  noop: "full / no-op",
  overhead: "server / bare",
  tree: "of which npm ci",
  floor: "a local program's own start",
  listing: "during a deploy (succeeded",
  rollback: "POST /rollback to api moved",
  handup: "deploy through the server / hand-run pulumi up",
  exposure: "alarm → alias back",
  rollout: "canary served (metrics)",
  journals: "PostgreSQL / SQLite throughput",
  instances: "A → client of B, step changes",
};

// About three minutes alone; in a loaded `npm test` on two cores, its deploys take much longer.
const timeoutMs = 15 * 60_000;

/** `npm run bench` in tiny mode, as a process of its own: exit code and output. */
async function runBenchmarks(): Promise<{ code: number | null; output: string }> {
  // A run that hangs is ended with all it started: its process group, and what left the
  // group but inherited this variable (engine plugins run in groups of their own).
  const run = randomUUID();
  const child = spawn(process.execPath, ["--import", "tsx", "bench/index.ts"], {
    cwd: repoRoot,
    env: { ...process.env, FLIGHTDECK_BENCH_TINY: "1", FLIGHTDECK_BENCH_RUN: run },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const timer = setTimeout(() => {
    process.kill(-child.pid!, "SIGKILL");
    killStrays(`FLIGHTDECK_BENCH_RUN=${run}`);
  }, timeoutMs);
  try {
    const [code] = (await once(child, "exit")) as [number | null];
    return { code, output };
  } finally {
    clearTimeout(timer);
  }
}

test(
  "every benchmark runs to its figures in tiny mode",
  { timeout: timeoutMs + 60_000 },
  async () => {
    const { code, output } = await runBenchmarks();
    assert.equal(code, 0, `the benchmarks exited with ${code}:\n${output}`);
    const missing = Object.entries(figures).filter(([, line]) => !output.includes(line));
    assert.deepEqual(
      missing.map(([name]) => name),
      [],
      `benchmarks without their figures:\n${output}`,
    );
  },
);
