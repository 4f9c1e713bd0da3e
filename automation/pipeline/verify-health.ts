import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceName } from "../domain/services";

export interface VerifySettings {
  initialDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export interface VerifyTarget {
  service: ServiceName;
  url: string;
  expectedHash: string;
}

export interface VerifyResult {
  service: ServiceName;
  ok: boolean;
  attempts: number;
  observedHash?: string;
  lastError?: string;
}

const metaHash = /<meta\s+name=["']git-hash["']\s+content=["']([^"']*)["']/i;

/** The web answers with its index page; api and mcp answer JSON from /health. */
export async function observedHash(target: VerifyTarget, signal: AbortSignal): Promise<string> {
  const response = await fetch(target.url, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (target.service === "web") return metaHash.exec(body)?.[1] ?? "";
  const parsed = JSON.parse(body) as { gitHash?: unknown };
  return typeof parsed.gitHash === "string" ? parsed.gitHash : "";
}

/** Polls until the hash matches, waiting initialDelay, doubling up to maxDelay, within timeout. */
async function verifyOne(
  target: VerifyTarget,
  settings: VerifySettings,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const deadline = Date.now() + settings.timeoutMs;
  let delay = settings.initialDelayMs;
  const result: VerifyResult = { service: target.service, ok: false, attempts: 0 };
  for (;;) {
    result.attempts++;
    try {
      result.observedHash = await observedHash(target, signal);
      delete result.lastError;
      if (result.observedHash === target.expectedHash) return { ...result, ok: true };
    } catch (error) {
      if (signal.aborted) throw error;
      result.lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() + delay > deadline) return result;
    await sleep(delay, undefined, { signal });
    delay = Math.min(delay * 2, settings.maxDelayMs);
  }
}

export async function verifyHealth(
  targets: VerifyTarget[],
  settings: VerifySettings,
  signal: AbortSignal,
): Promise<{ ok: boolean; results: VerifyResult[] }> {
  const results = await Promise.all(targets.map((target) => verifyOne(target, settings, signal)));
  return { ok: results.every((r) => r.ok), results };
}
