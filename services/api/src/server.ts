import { buildApiApp } from "./app";
import { loadApiConfig } from "./config";

/** Runs the api locally: HOST/PORT from the environment, closes cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const app = buildApiApp(loadApiConfig(), { logger: true });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
  await app.listen({
    host: process.env.HOST || "127.0.0.1",
    port: Number(process.env.PORT || 3001),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
