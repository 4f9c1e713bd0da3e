export interface ApiConfig {
  gitHash: string;
  stage: string;
  /** Signs the api's tokens; required wherever the api is deployed, never logged or returned. */
  jwtSecret?: string;
}

/** Reads the environment once; a deployed stage without its secret fails at start, not per request. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const stage = env.STAGE || "local";
  const jwtSecret = env.JWT_SECRET || undefined;
  if (stage !== "local" && !jwtSecret) {
    throw new Error(`JWT_SECRET must be set for stage "${stage}"`);
  }
  return { gitHash: env.GIT_HASH || "unknown", stage, jwtSecret };
}
