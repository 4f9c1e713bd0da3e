import type { ServiceName } from "../../domain/services";
import type { Observation, Probe } from "./probe";

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

/** GETs a URL: the web answers with its index page, api and mcp with JSON from /health. */
export function httpProbe(service: ServiceName, url: string): Probe {
  return async (signal): Promise<Observation> => {
    const response = await fetch(url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
    });
    return { status: response.status, hash: hashIn(service, await response.text()) };
  };
}
