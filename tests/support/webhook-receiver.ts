import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it arrived: what the signature covers. */
  body: string;
  at: number;
}

/**
 * The README's verification snippet, as a receiver would run it: the signature over
 * `<timestamp>.<raw body>`, compared in constant time, and a timestamp no older (or
 * further ahead) than the tolerance.
 */
export function verifySignature(
  secret: string,
  headers: IncomingHttpHeaders,
  rawBody: string,
  toleranceSeconds = 300,
): boolean {
  const timestamp = String(headers["x-flightdeck-timestamp"] ?? "");
  const signature = String(headers["x-flightdeck-signature"] ?? "");
  if (!/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const hmac = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  const expected = Buffer.from(`v1=${hmac}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A webhook receiver on a loopback port that records every request. Per path, it answers
 * 200, or the statuses it was told to answer next, or holds requests unanswered.
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const scripted = new Map<string, number[]>();
  const holding = new Map<string, ServerResponse[]>();
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      received.push({ path, headers: request.headers, body, at: Date.now() });
      const held = holding.get(path);
      if (held) return void held.push(response);
      const status = scripted.get(path)?.shift() ?? 200;
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status < 300 ? "ok" : "the receiver is failing");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const at = (path: string) => received.filter((r) => r.path === path);

  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** What arrived at a path, in order. */
    at,
    /** Waits until `count` requests have arrived at the path; answers them. */
    async waitFor(path: string, count: number, timeoutMs = 30_000): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs;
      while (at(path).length < count) {
        if (Date.now() > deadline)
          throw new Error(`${at(path).length} of ${count} requests reached ${path}`);
        await sleep(20);
      }
      return at(path);
    },
    /** The next answers at the path, in order; 200 once they are used up. */
    answer(path: string, ...statuses: number[]) {
      scripted.set(path, statuses);
    },
    /** Holds the path's requests unanswered until the returned function answers them 200. */
    hold(path: string): () => void {
      holding.set(path, []);
      return () => {
        for (const response of holding.get(path) ?? []) response.writeHead(200).end("ok");
        holding.delete(path);
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
