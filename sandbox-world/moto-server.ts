import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { motoServerBin, venvPython } from "../toolchain/paths";

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** moto's server with what its CloudWatch lacks for canary analysis added (see the file's docstring). */
const motoLauncher = join(__dirname, "patched_moto_server.py");

/** The port moto's server says it serves on, once it has said so. */
const runningOn = /Running on http:\/\/127\.0\.0\.1:(\d+)/;

/**
 * Starts moto's server on a loopback port and resolves once it answers HTTP. Without a
 * port it binds port 0 and reads the one it got from its own announcement: a port found
 * free beforehand can be taken by another test's server before moto binds it.
 */
export async function startMotoServer(
  env: Record<string, string> = {},
  /**
   * `ownProcessGroup`: a Ctrl-C at the terminal does not reach it, so whoever started it
   * can let running work end against it before stopping it.
   */
  options: { port?: number; ownProcessGroup?: boolean } = {},
): Promise<MotoServer> {
  const binary = motoServerBin();
  if (!existsSync(binary)) throw new Error(`${binary} is missing; run \`npm run bootstrap\``);
  const child = spawn(
    venvPython(),
    [motoLauncher, "-H", "127.0.0.1", "-p", String(options.port ?? 0)],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
      detached: options.ownProcessGroup === true,
    },
  );
  let stderr = "";
  let port = options.port;
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    port ??= Number(runningOn.exec(stderr)?.[1]) || undefined;
  });

  const stop = async (): Promise<void> => {
    child.kill("SIGTERM");
    const killed = await Promise.race([exited(child).then(() => true), sleep(5000, false)]);
    if (!killed) child.kill("SIGKILL");
    await exited(child);
  };

  const deadline = Date.now() + 60_000;
  const endpoint = () => `http://127.0.0.1:${port ?? 0}`;
  while (port === undefined || !(await answers(endpoint()))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`moto server did not answer on ${endpoint()}:\n${stderr}`);
    }
    await sleep(100);
  }
  return { endpoint: endpoint(), stop };
}

/** SDK client settings for the emulator: only the endpoint differs from real AWS. */
export function awsClientConfig(endpoint: string) {
  return {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    maxAttempts: 1,
  };
}
