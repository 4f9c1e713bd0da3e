import closeWithGrace from "close-with-grace";
import type { FastifyInstance } from "fastify";
import { loadListenConfig } from "./listen-config";

/**
 * Runs a service's app on HOST/PORT until SIGINT/SIGTERM (ECS sends SIGTERM on a
 * rollout), giving requests in flight up to 10 s to finish. Exits 1 on a start error.
 */
export function serve(buildApp: () => FastifyInstance, defaultPort: number): void {
  const start = async () => {
    const listen = loadListenConfig(process.env, defaultPort);
    const app = buildApp();
    closeWithGrace({ delay: 10_000 }, async ({ err }) => {
      if (err) app.log.error({ err }, "closing after an error");
      await app.close();
    });
    await app.listen(listen);
  };
  start().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
