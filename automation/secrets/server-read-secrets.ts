/**
 * Secrets the server reads once at start and keeps in its config: the tokens, the
 * journal's URL (with its password), the webhooks' signing secrets and the operator's
 * engine passphrase (handed to the engine through its own environment from then on).
 */
export const serverReadSecretNames = [
  "FLIGHTDECK_TOKENS",
  "FLIGHTDECK_JOURNAL",
  "FLIGHTDECK_WEBHOOKS",
  "PULUMI_CONFIG_PASSPHRASE",
] as const;

/**
 * Removes those secrets from the server's environment once its config holds them: every
 * process it starts (git, npm installs, the engine, a commit's commands) inherits that
 * environment or picks from it, and none of them needs these.
 */
export function forgetServerReadSecrets(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of serverReadSecretNames) delete env[name];
}
