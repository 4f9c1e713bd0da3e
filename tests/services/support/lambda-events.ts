import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A Lambda Function URL request (payload format 2.0) as AWS delivers it. */
export function functionUrlEvent(method: string, path: string, query = ""): APIGatewayProxyEventV2 {
  const domainName = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    headers: {
      host: domainName,
      accept: "application/json",
      "user-agent": "flightdeck-verify/1.0",
      "x-amzn-trace-id": "Root=1-67891233-abcdef012345678912345678",
      "x-forwarded-for": "198.51.100.7",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
    },
    requestContext: {
      accountId: "anonymous",
      apiId: "abcdefghijklmnopqrstuvwxyz012345",
      domainName,
      domainPrefix: "abcdefghijklmnopqrstuvwxyz012345",
      http: {
        method,
        path,
        protocol: "HTTP/1.1",
        sourceIp: "198.51.100.7",
        userAgent: "flightdeck-verify/1.0",
      },
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      routeKey: "$default",
      stage: "$default",
      time: "22/Nov/2026:23:56:24 +0000",
      timeEpoch: 1795391784000,
    },
    isBase64Encoded: false,
  };
}
