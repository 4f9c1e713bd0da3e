import { S3Client } from "@aws-sdk/client-s3";
import type { AwsSettings } from "../aws/aws-clients";
import { nameFailedActions } from "../aws/failed-action";

/** The S3 state backend as the server reaches it: its bucket, key prefix and client. */
export interface StateBucket {
  client: S3Client;
  bucket: string;
  /** Where the backend's `.pulumi/` sits in the bucket: "" or a path ending in "/". */
  prefix: string;
}

/**
 * The query parameters the pulumi CLI's S3 backend accepts (gocloud.dev's s3blob and its
 * AWS configuration, with pulumi's own translation of `disableSSL`). Anything else makes
 * every engine command fail with "unknown query parameter", so the config refuses it.
 */
export const s3StateParams = [
  "region",
  "endpoint",
  "profile",
  "use_path_style",
  "s3ForcePathStyle",
  "disable_https",
  "disableSSL",
  "hostname_immutable",
  "dualstack",
  "fips",
  "anonymous",
  "role",
  "rate_limiter_capacity",
  "request_checksum_calculation",
  "response_checksum_validation",
  "ssetype",
  "kmskeyid",
  "accelerate",
  "awssdk",
];

const booleans = ["use_path_style", "s3ForcePathStyle", "disable_https", "disableSSL"];

/** Why an s3:// state URL would not work, or undefined when it would. */
export function s3StateUrlProblem(url: URL): string | undefined {
  if (url.hostname === "") return "an s3:// URL names its bucket as the host: s3://bucket";
  for (const name of url.searchParams.keys()) {
    if (!s3StateParams.includes(name))
      return `unknown parameter "${name}" on the s3:// URL; the engine accepts ${s3StateParams.join(", ")}`;
  }
  for (const name of booleans) {
    const value = url.searchParams.get(name);
    if (value !== null && !/^(true|false|1|0)$/i.test(value))
      return `${name} must be true or false on the s3:// URL`;
  }
  const endpoint = url.searchParams.get("endpoint");
  if (endpoint !== null && !URL.canParse(withScheme(endpoint, url)))
    return "endpoint must be a URL such as http://127.0.0.1:5000 on the s3:// URL";
  return undefined;
}

const truthy = (value: string | null) => value !== null && /^(true|1)$/i.test(value);

/** As the CLI does: an endpoint without a scheme is https unless HTTPS is turned off. */
function withScheme(endpoint: string, url: URL): string {
  if (endpoint.includes("://")) return endpoint;
  const plain =
    truthy(url.searchParams.get("disable_https")) || truthy(url.searchParams.get("disableSSL"));
  return `${plain ? "http" : "https"}://${endpoint}`;
}

/**
 * A client for the state bucket that goes where the engine goes: the URL's region,
 * endpoint, path style and profile, over the server's own AWS settings (its credentials,
 * and the endpoint the SDK would use anyway when the URL names none). Undefined for
 * backends other than s3://.
 */
export function openStateBucket(
  backendUrl: string,
  aws: AwsSettings = {},
): StateBucket | undefined {
  const url = new URL(backendUrl);
  if (url.protocol !== "s3:") return undefined;
  const query = url.searchParams;
  const endpoint = query.get("endpoint");
  const client = new S3Client({
    ...aws,
    ...(query.get("region") ? { region: query.get("region")! } : {}),
    ...(endpoint ? { endpoint: withScheme(endpoint, url) } : {}),
    ...(query.get("profile") ? { profile: query.get("profile")! } : {}),
    forcePathStyle: truthy(query.get("use_path_style")) || truthy(query.get("s3ForcePathStyle")),
    retryMode: "standard",
    maxAttempts: 4,
  });
  client.middlewareStack.use(nameFailedActions);
  const path = url.pathname.replace(/^\/+/, "");
  return { client, bucket: url.hostname, prefix: path && !path.endsWith("/") ? `${path}/` : path };
}
