export interface ListenConfig {
  host: string;
  port: number;
}

/** HOST and PORT for a local listener, checked before anything binds. */
export function loadListenConfig(env: NodeJS.ProcessEnv, defaultPort: number): ListenConfig {
  const host = env.HOST?.trim() || "127.0.0.1";
  const rawPort = env.PORT?.trim() || String(defaultPort);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${rawPort}"`);
  }
  return { host, port };
}
