import closeWithGrace from "close-with-grace";
import { buildMcpApp } from "./app";
import { loadMcpConfig } from "./config";
import { loadListenConfig } from "../../shared/listen-config";

/**
 * Runs the mcp service on HOST/PORT (127.0.0.1:3002 locally, 0.0.0.0:8080 in its image).
 * ECS sends SIGTERM on a rollout; requests in flight get up to 10 s to finish.
 */
async function main(): Promise<void> {
  const listen = loadListenConfig(process.env, 3002);
  const app = buildMcpApp(loadMcpConfig(), { logger: true });
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, "closing after an error");
    await app.close();
  });
  await app.listen(listen);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
