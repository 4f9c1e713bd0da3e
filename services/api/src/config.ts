export interface ApiConfig {
  gitHash: string;
  stage: string;
  /** Signs the api's tokens; required wherever the api is deployed, never logged or returned. */
  jwtSecret?: string;
}

// Labels end up in responses and logs: short and plain, so nothing odd is ever echoed.
const label = /^[A-Za-z0-9._-]{1,64}$/;

function readLabel(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!label.test(value)) {
    throw new Error(`${name} must be 1-64 letters, digits, '.', '_' or '-'`);
  }
  return value;
}

/**
 * Reads the environment once; empty variables count as unset. A deployed stage without
 * its secret fails at start (a Lambda cold start), not on some later request. Checked by
 * hand rather than with zod to keep the Lambda bundle and its cold start small.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const gitHash = readLabel(env, "GIT_HASH", "unknown");
  const stage = readLabel(env, "STAGE", "local");
  const jwtSecret = env.JWT_SECRET || undefined;
  if (stage !== "local" && !jwtSecret) {
    throw new Error(`JWT_SECRET must be set for stage "${stage}"`);
  }
  return { gitHash, stage, jwtSecret };
}
