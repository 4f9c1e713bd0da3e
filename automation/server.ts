import closeWithGrace from "close-with-grace";
import { mkdirSync } from "node:fs";
import { buildApp } from "./app";
import { loadConfig } from "./config";

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const app = await buildApp({ config });
  // A running engine operation may finish within the grace period; past it, it is
  // cancelled through its AbortSignal, which stops the engine cleanly.
  closeWithGrace({ delay: config.shutdownGraceMs + 30_000 }, async ({ err, signal }) => {
    if (err) app.log.error({ err }, "closing after an error");
    app.log.info({ signal, running: app.runningOperations.size }, "shutting down");
    const grace = setTimeout(
      () => app.runningOperations.cancelAll("the server is shutting down"),
      config.shutdownGraceMs,
    );
    await app.runningOperations.drain();
    clearTimeout(grace);
    await app.close();
  });
  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
