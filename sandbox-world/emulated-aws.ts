import { startMotoServer, type MotoServer } from "./moto-server";
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

/** The AWS API emulator plus the runtime that serves our real services from its pointers. */
export async function startEmulatedAws(): Promise<EmulatedAws> {
  // ECS services report their tasks running, so a rollout reaches steady as on AWS.
  const moto = await startMotoServer({ MOTO_ECS_SERVICE_RUNNING: "1" });
  const runtime = await startServiceRuntime({ awsEndpoint: moto.endpoint });
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
