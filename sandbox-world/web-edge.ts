import {
  type CloudFrontClient,
  DescribeFunctionCommand,
  type DistributionConfig,
  GetDistributionConfigCommand,
  GetFunctionCommand,
} from "@aws-sdk/client-cloudfront";
import {
  type CloudFrontKeyValueStoreClient,
  GetKeyCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudfront-keyvaluestore";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { runCloudFrontFunction, type KeyValueReader } from "./cloudfront-function-runner";

/** Who asks: what a CloudFront Function sees of the viewer. */
export interface WebViewer {
  ip: string;
  userAgent?: string;
  cookies: Record<string, string>;
}

export interface WebAnswer {
  /** The release whose prefix the object came from. */
  hash: string;
  body: string;
  type: string;
  /** `Set-Cookie` values the viewer-response function added. */
  setCookies: string[];
}

type Association = { EventType?: string; FunctionARN?: string };

/** A published function's code and the store it reads, as the emulator keeps them. */
async function liveFunction(
  cloudfront: CloudFrontClient,
  keyValueStore: CloudFrontKeyValueStoreClient,
  functionArn: string,
): Promise<{ code: string; readKey: KeyValueReader }> {
  const Name = functionArn.split(":function/")[1] ?? "";
  const [got, described] = await Promise.all([
    cloudfront.send(new GetFunctionCommand({ Name, Stage: "LIVE" })),
    cloudfront.send(new DescribeFunctionCommand({ Name, Stage: "LIVE" })),
  ]);
  const KvsARN =
    described.FunctionSummary?.FunctionConfig?.KeyValueStoreAssociations?.Items?.[0]
      ?.KeyValueStoreARN;
  const readKey: KeyValueReader = async (Key) => {
    if (!KvsARN) return undefined;
    try {
      return (await keyValueStore.send(new GetKeyCommand({ KvsARN, Key }))).Value;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
  return { code: new TextDecoder().decode(got.FunctionCode), readKey };
}

const asCookies = (cookies: Record<string, string>) =>
  Object.fromEntries(Object.entries(cookies).map(([name, value]) => [name, { value }]));

/** The S3 key an origin maps a URI to: its OriginPath, then the URI, "/" being the root object. */
function objectKey(config: DistributionConfig, originId: string, uri: string) {
  const origin = config.Origins?.Items?.find((item) => item.Id === originId);
  if (!origin) throw new Error(`the distribution has no origin ${originId}`);
  const path = uri === "/" ? `/${config.DefaultRootObject ?? "index.html"}` : uri;
  return {
    bucket: (origin.DomainName ?? "").split(".")[0] ?? "",
    key: `${origin.OriginPath ?? ""}${path}`.replace(/^\//, ""),
  };
}

/**
 * CloudFront's edge for the web in the emulator: the default cache behaviour's published
 * functions run on the viewer's request (which may rewrite the URI and pick an origin) and
 * on the response (which may set cookies), around the object read from the chosen origin.
 */
export async function serveWebRequest(
  clients: {
    cloudfront: CloudFrontClient;
    keyValueStore: CloudFrontKeyValueStoreClient;
    s3: S3Client;
  },
  distributionId: string,
  path: string,
  viewer: WebViewer,
): Promise<WebAnswer> {
  const current = await clients.cloudfront.send(
    new GetDistributionConfigCommand({ Id: distributionId }),
  );
  const config = current.DistributionConfig ?? ({} as DistributionConfig);
  const behavior = config.DefaultCacheBehavior;
  const associations: Association[] = behavior?.FunctionAssociations?.Items ?? [];
  const onEvent = async (eventType: string) => {
    const arn = associations.find((a) => a.EventType === eventType)?.FunctionARN;
    return arn ? liveFunction(clients.cloudfront, clients.keyValueStore, arn) : undefined;
  };
  const request = {
    method: "GET",
    uri: `/${path}`,
    querystring: {},
    headers: viewer.userAgent ? { "user-agent": { value: viewer.userAgent } } : {},
    cookies: asCookies(viewer.cookies),
  };
  const context = { distributionId, eventType: "viewer-request" };
  let originId = behavior?.TargetOriginId ?? "";
  let uri = request.uri;
  const onRequest = await onEvent("viewer-request");
  if (onRequest) {
    const event = { version: "1.0", context, viewer: { ip: viewer.ip }, request };
    const run = await runCloudFrontFunction(onRequest.code, event, onRequest.readKey);
    if (typeof run.result.uri === "string") uri = run.result.uri;
    originId = run.selectedOriginId ?? originId;
  }
  const { bucket, key } = objectKey(config, originId, uri);
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const answer: WebAnswer = {
    hash: /^releases\/([^/]+)\//.exec(key)?.[1] ?? "",
    body: (await object.Body?.transformToString()) ?? "",
    type: object.ContentType ?? "application/octet-stream",
    setCookies: [],
  };
  const onResponse = await onEvent("viewer-response");
  if (onResponse) {
    const event = {
      version: "1.0",
      context: { ...context, eventType: "viewer-response" },
      viewer: { ip: viewer.ip },
      request,
      response: { statusCode: 200, statusDescription: "OK", headers: {}, cookies: {} },
    };
    const run = await runCloudFrontFunction(onResponse.code, event, onResponse.readKey);
    const cookies = (run.result.cookies ?? {}) as Record<
      string,
      { value: string; attributes?: string }
    >;
    answer.setCookies = Object.entries(cookies).map(([name, cookie]) =>
      [`${name}=${cookie.value}`, cookie.attributes].filter(Boolean).join("; "),
    );
  }
  return answer;
}
