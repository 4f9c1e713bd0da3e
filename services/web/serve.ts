import { mkdtempSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { buildWebSite, type WebBuild } from "./build";

/** Serves a built release the way the CDN does: by key, with each file's own headers. */
export function buildWebServer(build: WebBuild): FastifyInstance {
  const app = Fastify();
  const byKey = new Map(build.files.map((file) => [`/${file.key}`, file]));
  app.get("/*", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const file = byKey.get(path === "/" ? "/index.html" : path);
    if (!file) return reply.code(404).type("text/plain").send("not found");
    return reply
      .type(file.contentType)
      .header("cache-control", file.cacheControl)
      .send(await readFile(file.path));
  });
  return app;
}

/** `tsx services/web/serve.ts`: builds the site for GIT_HASH and serves it on HOST/PORT. */
if (require.main === module) {
  const build = buildWebSite({
    gitHash: process.env.GIT_HASH || "0000000",
    outDir: mkdtempSync(join(tmpdir(), "flightdeck-web-")),
  });
  buildWebServer(build)
    .listen({ host: process.env.HOST || "127.0.0.1", port: Number(process.env.PORT || 3003) })
    .then((address) => console.log(`web release ${build.gitHash} at ${address}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
