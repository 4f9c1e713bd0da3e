/** The steps that run the commit's shell commands, each with an environment of its own. */
export const commandSteps = ["checks", "backup", "migrate"] as const;
export type CommandStep = (typeof commandSteps)[number];

/** Per step, the variable names the operator adds to the allow-list (see pipeline/command-env-setting.ts). */
export type CommandEnvNames = Record<CommandStep, string[]>;
export type CommandEnvironments = Record<CommandStep, Record<string, string>>;
