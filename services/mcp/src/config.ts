export interface McpConfig {
  gitHash: string;
  stage: string;
  startedAt: Date;
}

export function loadMcpConfig(env: NodeJS.ProcessEnv = process.env): McpConfig {
  return { gitHash: env.GIT_HASH || "unknown", stage: env.STAGE || "local", startedAt: new Date() };
}
