import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface SerialProxy {
  url: string;
  stop(): Promise<void>;
}

function bodyOf(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.once("end", () => resolve(Buffer.concat(chunks)));
    message.once("error", reject);
  });
}

/**
 * Forwards HTTP requests to `target` one at a time, each body whole with its length.
 * moto's recorder writes requests in the order they arrive while its threads draw ids in
 * the order they run; one at a time, the two orders are the same, so replaying the
 * recording after a restart draws the very same ids (distribution ids, revisions).
 * moto's recorder also reads a body only by its Content-Length, hence no chunked ones.
 */
export async function startSerialProxy(target: string, port: number): Promise<SerialProxy> {
  const upstream = new URL(target);
  let queue: Promise<void> = Promise.resolve();

  const forward = async (incoming: IncomingMessage, body: Buffer) => {
    const headers = { ...incoming.headers, "content-length": String(body.length) };
    delete headers["transfer-encoding"];
    return new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>(
      (resolve, reject) => {
        const outgoing = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: incoming.method,
            path: incoming.url,
            headers,
          },
          (answer) => {
            bodyOf(answer).then(
              (answerBody) =>
                resolve({
                  status: answer.statusCode ?? 502,
                  headers: answer.headers,
                  body: answerBody,
                }),
              reject,
            );
          },
        );
        outgoing.once("error", reject);
        outgoing.end(body);
      },
    );
  };

  const server = createServer((incoming, response) => {
    const previous = queue;
    const turn = (async () => {
      const body = await bodyOf(incoming);
      // Every request before this one has had its answer.
      await previous;
      const answer = await forward(incoming, body);
      const headers = { ...answer.headers };
      delete headers["transfer-encoding"];
      // A HEAD's length is the object's, not that of the empty body it comes with.
      if (incoming.method !== "HEAD") headers["content-length"] = String(answer.body.length);
      response.writeHead(answer.status, headers);
      response.end(answer.body);
    })();
    queue = turn.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
      response.end(`the AWS emulator did not answer: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
