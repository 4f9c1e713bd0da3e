import { lookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

export interface HealthReport {
  httpStatus: number;
  /** `status` of a JSON health body, when there is one. */
  status: string | null;
  /** From a JSON health body's `gitHash` or an HTML page's `<meta name="git-hash">`. */
  gitHash: string | null;
  source: "json" | "html-meta" | "none";
}

// Link-local space holds the cloud's metadata and task-credential endpoints; a health
// probe has no business there, whoever asks. Private and loopback ranges stay allowed:
// checking internal services is the point.
const forbidden = new BlockList();
forbidden.addSubnet("169.254.0.0", 16, "ipv4");
forbidden.addSubnet("0.0.0.0", 8, "ipv4");
forbidden.addSubnet("fe80::", 10, "ipv6");
forbidden.addSubnet("::ffff:169.254.0.0", 112, "ipv6");
forbidden.addAddress("fd00:ec2::254", "ipv6");
forbidden.addAddress("::", "ipv6");

function forbiddenAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && forbidden.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** Resolves as usual, but refuses names that point into forbidden space (DNS rebinding included). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    const blocked = addresses.find((entry) => forbiddenAddress(entry.address));
    if (blocked) {
      return callback(
        new Error(`${hostname} resolves to ${blocked.address}, which is off limits`),
        "",
      );
    }
    const [first] = addresses;
    if (!first) return callback(new Error(`${hostname} has no address`), "");
    if (options.all) return callback(null, addresses);
    return callback(null, first.address, first.family);
  });
};

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
 * `timeoutMs`, and at most `maxBytes` of the body are read.
 */
export function probeHealth(
  url: URL,
  options: { timeoutMs: number; maxBytes: number },
): Promise<HealthReport> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.reject(
      new Error(`only http and https URLs can be checked, got ${url.protocol}`),
    );
  }
  const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (forbiddenAddress(literal)) {
    return Promise.reject(new Error(`${url.hostname} is off limits`));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        lookup: guardedLookup,
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { accept: "application/json, text/html;q=0.9" },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Enough to read a health body or a page head; the rest is not needed.
          if (size >= options.maxBytes) response.destroy();
        });
        const finish = () => {
          const text = Buffer.concat(chunks).subarray(0, options.maxBytes).toString("utf8");
          resolve(
            readHealth(response.statusCode ?? 0, response.headers["content-type"] ?? "", text),
          );
        };
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}
