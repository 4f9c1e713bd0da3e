import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The JSON protocols (ECS) name the operation in this header, not in the path. */
  target: string;
  /** The query protocols (ELBv2) name the operation and its parameters in the body. */
  body: string;
}

export interface Fault {
  match: (request: ProxiedRequest) => boolean;
  /** How many matching requests get the fault; the ones after pass through. */
  times: number;
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Something to do once the emulator has answered a request, before the answer goes back. */
export interface AnswerHook {
  match: (request: ProxiedRequest) => boolean;
  action: () => void | Promise<void>;
}

export interface FaultProxy {
  url: string;
  /** Where requests go; set once the emulator runs. */
  forwardTo(upstream: string): void;
  inject(fault: Fault): void;
  /** Runs `action` once, after AWS answered the first matching request (e.g. to kill the caller then). */
  afterAnswer(hook: AnswerHook): void;
  /** Drops every fault not yet used up. */
  clear(): void;
  /** Every request seen, with whether a fault answered it. */
  requests: Array<ProxiedRequest & { faulted: boolean }>;
  count(match: (request: ProxiedRequest) => boolean): number;
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sits between the server's AWS SDK clients and the emulator and answers chosen requests
 * with chosen errors (throttling, 5xx, access denied) or bodies, passing the rest through.
 */
export async function startFaultProxy(): Promise<FaultProxy> {
  let upstream = "";
  const faults: Fault[] = [];
  const hooks: AnswerHook[] = [];
  const requests: FaultProxy["requests"] = [];

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const seen: ProxiedRequest = {
        method: request.method ?? "GET",
        path: request.url ?? "/",
        target: String(request.headers["x-amz-target"] ?? ""),
        body: body.toString("utf8"),
      };
      const fault = faults.find((f) => f.times > 0 && f.match(seen));
      requests.push({ ...seen, faulted: fault !== undefined });
      if (fault) {
        fault.times--;
        response.writeHead(fault.status, fault.headers).end(fault.body ?? "");
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && name !== "host" && name !== "connection")
          headers.set(name, value);
      }
      const answer = await fetch(`${upstream}${seen.path}`, {
        method: seen.method,
        headers,
        body: ["GET", "HEAD"].includes(seen.method) ? undefined : body,
      });
      const hook = hooks.find((h) => h.match(seen));
      if (hook) {
        hooks.splice(hooks.indexOf(hook), 1);
        await hook.action();
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!["content-encoding", "content-length", "transfer-encoding"].includes(name))
          out[name] = value;
      });
      response.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwardTo: (url) => {
      upstream = url;
    },
    inject: (fault) => faults.push(fault),
    afterAnswer: (hook) => hooks.push(hook),
    clear: () => {
      faults.length = 0;
      hooks.length = 0;
    },
    requests,
    count: (match) => requests.filter(match).length,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
