import { z } from "zod";

export interface McpConfig {
  gitHash: string;
  stage: string;
  startedAt: Date;
  /**
   * Browser origins allowed to call /mcp. Requests carrying any other Origin are refused,
   * which is what stops a DNS-rebinding page from driving a server on a private address.
   * Non-browser MCP clients send no Origin and are unaffected.
   */
  allowedOrigins?: string[];
}

const label = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'");

const mcpEnv = z.object({
  GIT_HASH: label.default("unknown"),
  STAGE: label.default("local"),
  MCP_ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
});

/** Reads the environment once; empty variables count as unset. JWT_SECRET is not read here. */
export function loadMcpConfig(env: NodeJS.ProcessEnv = process.env): McpConfig {
  const parsed = mcpEnv.safeParse({
    GIT_HASH: env.GIT_HASH || undefined,
    STAGE: env.STAGE || undefined,
    MCP_ALLOWED_ORIGINS: env.MCP_ALLOWED_ORIGINS || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new Error(`invalid mcp environment: ${problems.join("; ")}`);
  }
  return {
    gitHash: parsed.data.GIT_HASH,
    stage: parsed.data.STAGE,
    startedAt: new Date(),
    allowedOrigins: parsed.data.MCP_ALLOWED_ORIGINS,
  };
}
