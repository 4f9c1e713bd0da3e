import closeWithGrace from "close-with-grace";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWebSite } from "./build";
import { buildWebServer } from "./static-server";

/**
 * Local preview: `GIT_HASH=<hex> tsx services/web/serve.ts` builds the site into a temp
 * directory and serves it on HOST/PORT (default 127.0.0.1:3003) until SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT || 3003);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${process.env.PORT}"`);
  }
  const outDir = mkdtempSync(join(tmpdir(), "flightdeck-web-"));
  const build = buildWebSite({ gitHash: process.env.GIT_HASH || "0000000", outDir });
  const app = buildWebServer(build, { logger: true });
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, "closing after an error");
    await app.close();
    rmSync(outDir, { recursive: true, force: true });
  });
  await app.listen({ host: process.env.HOST || "127.0.0.1", port });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
