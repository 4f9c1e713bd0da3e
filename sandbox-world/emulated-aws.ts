import { startMotoServer, type MotoServer } from "./moto-server";
import { startRecordedMoto } from "./recorded-moto";
import { startServiceRuntime, type ServiceRuntime } from "./service-runtime";

export interface EmulatedAws {
  moto: MotoServer;
  runtime: ServiceRuntime;
  /** Environment for the engine and the dynamic providers it starts. */
  engineEnv: Record<string, string>;
  aws: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

/**
 * The AWS API emulator plus the runtime that serves our real services from its pointers,
 * on free ports; with `recorded`, the emulator on that port keeps its state in that file
 * across restarts (see recorded-moto.ts), and the runtime takes `runtimePort`.
 */
export async function startEmulatedAws(
  options: { recorded?: { file: string; port: number }; runtimePort?: number } = {},
): Promise<EmulatedAws> {
  // ECS services report their tasks running, so a rollout reaches steady as on AWS.
  const motoEnv = { MOTO_ECS_SERVICE_RUNNING: "1" };
  const moto = options.recorded
    ? await startRecordedMoto(options.recorded.file, options.recorded.port, motoEnv)
    : await startMotoServer(motoEnv);
  const runtime = await startServiceRuntime({
    awsEndpoint: moto.endpoint,
    ...(options.runtimePort === undefined ? {} : { port: options.runtimePort }),
  }).catch(async (error: unknown) => {
    await moto.stop();
    throw error;
  });
  const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
  return {
    moto,
    runtime,
    engineEnv: {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    aws: { endpoint: moto.endpoint, region: "us-east-1", credentials },
    stop: async () => {
      await runtime.stop();
      await moto.stop();
    },
  };
}
