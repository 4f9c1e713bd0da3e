import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { startMotoServer, type MotoServer } from "./moto-server";
import { startSerialProxy } from "./serial-proxy";

/** Any fixed number: what matters is that every start draws the same ids. */
const idSeed = 24;

async function motoApi(endpoint: string, path: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/${path}`, { method: "POST" });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto's ${path} answered ${response.status}: ${text}`);
}

/**
 * moto's server, whose state outlives it: moto keeps everything in memory, so every
 * request is recorded to `recording` (moto's own recorder) and, at the next start,
 * replayed into the fresh server before anyone else reaches it. Its ids are drawn from a
 * seeded generator and requests reach it one at a time (see serial-proxy.ts), so the
 * replay re-creates the very resources, ids included, that the stacks' state names.
 * Clients use `port`, where the serial proxy listens; moto itself is on a free port.
 */
export async function startRecordedMoto(
  recording: string,
  port: number,
  env: Record<string, string> = {},
): Promise<MotoServer & { replayed: boolean }> {
  mkdirSync(dirname(recording), { recursive: true });
  const moto = await startMotoServer(
    { ...env, MOTO_RECORDER_FILEPATH: recording },
    { ownProcessGroup: true },
  );
  try {
    await motoApi(moto.endpoint, `seed?a=${idSeed}`);
    const replayed = existsSync(recording) && statSync(recording).size > 0;
    if (replayed) await motoApi(moto.endpoint, "recorder/replay-recording");
    await motoApi(moto.endpoint, "recorder/start-recording");
    const proxy = await startSerialProxy(moto.endpoint, port);
    return {
      endpoint: proxy.url,
      replayed,
      stop: async () => {
        await proxy.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
