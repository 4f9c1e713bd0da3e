import { boundedGet } from "../../shared/bounded-get";

export interface HealthReport {
  httpStatus: number;
  /** `status` of a JSON health body, when there is one. */
  status: string | null;
  /** From a JSON health body's `gitHash` or an HTML page's `<meta name="git-hash">`. */
  gitHash: string | null;
  source: "json" | "html-meta" | "none";
}

function readHealth(httpStatus: number, contentType: string, text: string): HealthReport {
  const clip = (value: unknown) =>
    typeof value === "string" && value.length <= 128 ? value : null;
  if (contentType.includes("json") || /^\s*[{]/.test(text)) {
    try {
      const body = JSON.parse(text) as Record<string, unknown> | null;
      if (body && typeof body === "object") {
        return {
          httpStatus,
          status: clip(body.status),
          gitHash: clip(body.gitHash),
          source: "json",
        };
      }
    } catch {
      // Not JSON after all: fall through to the page check.
    }
  }
  const meta = /<meta\s+name=["']git-hash["']\s+content=["']([^"'<>]*)["']/i.exec(text);
  if (meta) return { httpStatus, status: null, gitHash: clip(meta[1]), source: "html-meta" };
  return { httpStatus, status: null, gitHash: null, source: "none" };
}

/**
 * GETs one http(s) URL and reads which release answers: a JSON `/health` body or the web
 * page's git-hash meta tag. No redirects are followed, the whole exchange is bounded by
 * `timeoutMs`, at most `maxBytes` of the body are read, link-local addresses are refused.
 */
export async function probeHealth(
  url: URL,
  options: { timeoutMs: number; maxBytes: number },
): Promise<HealthReport> {
  const answer = await boundedGet(url, {
    ...options,
    headers: { accept: "application/json, text/html;q=0.9" },
  });
  return readHealth(answer.status, answer.contentType, answer.body);
}
