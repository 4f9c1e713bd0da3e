import closeWithGrace from "close-with-grace";
import { buildApiApp } from "./app";
import { loadApiConfig } from "./config";
import { loadListenConfig } from "../../shared/listen-config";

/** Runs the api locally on HOST/PORT; SIGINT/SIGTERM let requests in flight finish first. */
async function main(): Promise<void> {
  const listen = loadListenConfig(process.env, 3001);
  const app = buildApiApp(loadApiConfig(), { logger: true });
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
