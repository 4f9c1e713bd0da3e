/**
 * The settings the sandbox honours: how to confine released code, where the toolchain
 * and installs are cached, how long a bake watches, how much to log.
 */
const kept = new Set([
  "FLIGHTDECK_SANDBOX",
  "FLIGHTDECK_SANDBOX_UID",
  "FLIGHTDECK_TOOLCHAIN_DIR",
  "FLIGHTDECK_DEPENDENCIES_DIR",
  "FLIGHTDECK_BAKE_SECONDS",
  "LOG_LEVEL",
]);

/**
 * Drops every AWS, Pulumi and flightdeck setting of this process but those kept, before
 * anything starts: the engine inherits the environment, and a profile, a state bucket
 * or a token list meant for the real world must never reach the sandbox's.
 */
export function forgetRealWorldSettings(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) {
    if (/^(AWS_|PULUMI_|FLIGHTDECK_)/.test(name) && !kept.has(name)) delete env[name];
  }
  // A machine on EC2 would otherwise answer with its role.
  env.AWS_EC2_METADATA_DISABLED = "true";
}
