import awsLambdaFastify from "@fastify/aws-lambda";
import { buildApiApp } from "./app";
import { loadApiConfig } from "./config";

/** Builds the Lambda entry for an environment: the same app as locally, behind the adapter. */
export function createHandler(env: NodeJS.ProcessEnv) {
  return awsLambdaFastify(buildApiApp(loadApiConfig(env), { logger: true }));
}

/**
 * The Lambda entry: infra bundles this file with esbuild and points the function at
 * `index.handler`. The environment is read once per cold start; a bad one fails the start.
 */
export const handler = createHandler(process.env);
