import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
} from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { createKeyValueStoreClient } from "../automation/aws/keyvaluestore-client";
import type { ServiceName } from "../automation/domain/services";
import { buildApiApp } from "../services/api/src/app";
import { buildMcpApp } from "../services/mcp/src/app";
import { drawMcpTaskDefinition } from "./mcp-load-balancer-route";
import { awsClientConfig } from "./moto-server";
import { serveWebRequest, type WebViewer } from "./web-edge";
import { drawWeighted } from "./weighted-draw";

/** Like Lambda: each invocation goes to an extra version with its weight's probability. */
function routedVersion(alias: {
  FunctionVersion?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
}): string | undefined {
  const extra = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
  const extraWeight = extra.reduce((sum, [, weight]) => sum + weight, 0);
  return drawWeighted([
    ...extra.map(([version, weight]) => ({ value: version, weight })),
    { value: alias.FunctionVersion, weight: 1 - extraWeight },
  ]);
}

/** The viewer as CloudFront Functions see it: address, user agent and cookies. */
function viewerOf(request: IncomingMessage): WebViewer {
  const cookies: Record<string, string> = {};
  for (const pair of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = pair.trim().split("=");
    if (name) cookies[name] = value.join("=");
  }
  return {
    ip: request.socket.remoteAddress ?? "",
    ...(request.headers["user-agent"] ? { userAgent: request.headers["user-agent"] } : {}),
    cookies,
  };
}

export interface ServiceRuntime {
  url: string;
  /**
   * Makes a service answer 503 while it runs this hash, like a build that starts but
   * fails its health: api and mcp still report their hash, as a health endpoint does.
   */
  failHash(service: ServiceName, hash: string): void;
  stop(): Promise<void>;
}

/**
 * Stands in for AWS running our code: every request resolves the live pointer in the
 * emulator (alias, service task definition, distribution origin path) and is answered
 * by the real service built at the hash found there. A web request first runs the
 * distribution's published functions (web-edge.ts), so the web cohort's routing is
 * CloudFront's. Nothing is cached, so a pointer move shows on the next request. mcp
 * answers per service (`/mcp/<cluster>/<service>/`), as a side's own tasks do, or through
 * its load balancer (`/mcp-lb/<cluster>/<name>/`), as users reach it: a side drawn by the
 * listener's weights.
 */
export async function startServiceRuntime(options: {
  awsEndpoint: string;
  /** A free one by default. */
  port?: number;
}): Promise<ServiceRuntime> {
  const config = awsClientConfig(options.awsEndpoint);
  const lambda = new LambdaClient(config);
  const ecs = new ECSClient(config);
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const cloudfront = new CloudFrontClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const keyValueStore = createKeyValueStoreClient(config, { maxAttempts: 1 });
  const failing = new Set<string>();

  /** `name` or `name:alias`, like a qualified Lambda name; alias `live` when unqualified. */
  async function apiHealth(qualifiedName: string): Promise<{ hash: string; body: string }> {
    const [functionName = "", aliasName = "live"] = qualifiedName.split(":");
    const alias = await lambda.send(
      new GetAliasCommand({ FunctionName: functionName, Name: aliasName }),
    );
    const version = await lambda.send(
      new GetFunctionConfigurationCommand({
        FunctionName: functionName,
        Qualifier: routedVersion(alias),
      }),
    );
    const env = version.Environment?.Variables ?? {};
    const app = buildApiApp({ gitHash: env.GIT_HASH ?? "", stage: env.STAGE ?? "" });
    const response = await app.inject({ url: "/health" });
    await app.close();
    return { hash: env.GIT_HASH ?? "", body: response.body };
  }

  /** The service's task definition, or, through a load balancer, the one a drawn side runs. */
  async function mcpTaskDefinition(route: "service" | "lb", cluster: string, name: string) {
    if (route === "lb") return drawMcpTaskDefinition({ elbv2, ecs }, cluster, name);
    const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
    return described.services?.[0]?.taskDefinition;
  }

  async function mcpHealth(
    taskDefinition: string | undefined,
  ): Promise<{ hash: string; body: string }> {
    const task = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
    const env = task.taskDefinition?.containerDefinitions?.[0]?.environment ?? [];
    const gitHash = env.find((e) => e.name === "GIT_HASH")?.value ?? "";
    const app = buildMcpApp({
      gitHash,
      stage: env.find((e) => e.name === "STAGE")?.value ?? "",
      startedAt: new Date(),
    });
    const response = await app.inject({ url: "/health" });
    await app.close();
    return { hash: gitHash, body: response.body };
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const [, service, ...rest] = (request.url ?? "/").split("?")[0]!.split("/");
    let result: { hash: string; body: string; type?: string; setCookies?: string[] };
    if (service === "api" && rest[1] === "health") result = await apiHealth(rest[0] ?? "");
    else if ((service === "mcp" || service === "mcp-lb") && rest[2] === "health") {
      const route = service === "mcp" ? "service" : "lb";
      result = await mcpHealth(await mcpTaskDefinition(route, rest[0] ?? "", rest[1] ?? ""));
    } else if (service === "web")
      result = await serveWebRequest(
        { cloudfront, keyValueStore, s3 },
        rest[0] ?? "",
        rest.slice(1).join("/"),
        viewerOf(request),
      );
    else {
      response.writeHead(404).end("not found");
      return;
    }
    // Behind its load balancer or not, it is mcp's hash that fails.
    const failingService = service === "mcp-lb" ? "mcp" : service;
    if (failing.has(`${failingService}:${result.hash}`)) {
      if (service === "web")
        response.writeHead(503, { "content-type": "text/plain" }).end("failing");
      else
        response
          .writeHead(503, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "failing", gitHash: result.hash }));
      return;
    }
    response
      .writeHead(200, {
        "content-type": result.type ?? "application/json",
        ...(result.setCookies?.length ? { "set-cookie": result.setCookies } : {}),
      })
      .end(result.body);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
      response.end(`runtime could not resolve the live release: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failHash: (service, hash) => failing.add(`${service}:${hash}`),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
