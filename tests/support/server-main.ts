/**
 * The automation server in a process of its own, driving the release fixture, so a test
 * can kill it. Config comes from the environment like `npm start`; the engine's and AWS
 * clients' wiring from FLIGHTDECK_TEST_WIRING (JSON: engineEnv, aws).
 */
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { buildApp } from "../../automation/app";
import type { AwsSettings } from "../../automation/aws/aws-clients";
import { loadConfig } from "../../automation/config";
import { closeGracefully } from "../../automation/shutdown";
import { pulumiRoot } from "../../toolchain/paths";

interface Wiring {
  engineEnv: Record<string, string>;
  aws: AwsSettings;
}

async function main(): Promise<void> {
  const wiring = JSON.parse(process.env.FLIGHTDECK_TEST_WIRING ?? "{}") as Wiring;
  const config = loadConfig();
  const app = await buildApp({
    config,
    pulumiCommand: await PulumiCommand.get({ root: pulumiRoot() }),
    engineEnv: wiring.engineEnv,
    aws: wiring.aws,
  });
  closeGracefully(app, config.shutdownGraceMs);
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  console.log(`listening ${address}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
