import { boundedGet } from "../../../services/shared/bounded-get";
import type { ServiceName } from "../../domain/services";
import type { Observation, Probe } from "./probe";

/** Enough for a health answer or a page's head, where its hash is; a build is not judged on more. */
export const maxProbeBytes = 64 * 1024;
const probeTimeoutMs = 10_000;

const metaHash = /<meta\s+name=["']git-hash["']\s+content=["']([^"']*)["']/i;

/** The hash a page (web) or a health answer (api, mcp) reports, even on an error status. */
export function hashIn(service: ServiceName, body: string): string {
  if (service === "web") return metaHash.exec(body)?.[1] ?? "";
  try {
    const parsed = JSON.parse(body) as { gitHash?: unknown };
    return typeof parsed.gitHash === "string" ? parsed.gitHash : "";
  } catch {
    return "";
  }
}

/**
 * GETs a URL: the web answers with its index page, api and mcp with JSON from /health.
 * The URL comes from stack outputs, which a program or its state could point anywhere:
 * a redirect is judged as the answer it is (not a 2xx), only the first 64 KiB are read,
 * and link-local and metadata addresses are refused (services/shared/bounded-get.ts).
 */
export function httpProbe(
  service: ServiceName,
  url: string,
  /** Sent with each probe, e.g. the cookie that puts a viewer in a web cohort. */
  headers?: () => Record<string, string>,
): Probe {
  return async (signal): Promise<Observation> => {
    const answer = await boundedGet(new URL(url), {
      timeoutMs: probeTimeoutMs,
      maxBytes: maxProbeBytes,
      signal,
      ...(headers && { headers: headers() }),
    });
    return { status: answer.status, hash: hashIn(service, answer.body) };
  };
}
