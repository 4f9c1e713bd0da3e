import type { lookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { assertAllowedHost, guardedLookup } from "./address-guard";

export interface BoundedGetOptions {
  /** The whole exchange, body included. */
  timeoutMs: number;
  /** Bytes of the body read at most; the connection is dropped past them. */
  maxBytes: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** The resolver (dns.lookup by default), for tests of hostile DNS answers. */
  resolve?: typeof lookup;
}

export interface BoundedAnswer {
  status: number;
  contentType: string;
  body: string;
  /** True when the body went on past maxBytes and was not read further. */
  capped: boolean;
}

/**
 * GETs one http(s) URL the way a health probe must. A redirect is an answer to judge,
 * returned as it is, never followed; the exchange is bounded in time and body size; a
 * link-local or metadata address is refused before connecting, whether written in the
 * URL or resolved from its name.
 */
export async function boundedGet(url: URL, options: BoundedGetOptions): Promise<BoundedAnswer> {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`only http and https URLs can be checked, got ${url.protocol}`);
  assertAllowedHost(url);
  const client = url.protocol === "https:" ? https : http;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      { lookup: guardedLookup(options.resolve), signal, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let capped = false;
        const answer = () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers["content-type"] ?? "",
            body: Buffer.concat(chunks).subarray(0, options.maxBytes).toString("utf8"),
            capped,
          });
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > options.maxBytes) {
            capped = true;
            answer();
            response.destroy();
          }
        });
        response.on("end", answer);
        // Cut off (a timeout mid-body, a dropped connection): no answer to judge.
        response.on("close", () => {
          if (!response.complete && !capped)
            reject(new Error(`the answer from ${url.host} was cut off before its end`));
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
  });
}
