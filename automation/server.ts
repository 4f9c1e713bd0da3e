import { mkdirSync } from "node:fs";
import { buildApp } from "./app";
import { loadConfig } from "./config";
import { forgetServerReadSecrets } from "./secrets/server-read-secrets";
import { closeGracefully } from "./shutdown";

async function main(): Promise<void> {
  const config = loadConfig();
  // Read into the config: from here on no child process can inherit them.
  forgetServerReadSecrets();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const app = await buildApp({ config });
  closeGracefully(app, config.shutdownGraceMs);
  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
