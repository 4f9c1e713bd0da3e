import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { buildApp, type AppOptions } from "../../automation/app";
import { loadConfig } from "../../automation/config";

export const tokens = {
  admin: "admin-token-0123456789abcdef0123456789",
  reader: "reader-token-0123456789abcdef0123456789",
  deployer: "deployer-token-0123456789abcdef0123456789",
};

export interface ServerFixture {
  app: FastifyInstance;
  dataDir: string;
  /** Everything the server logged, to check that no secret reached it. */
  logs(): string;
  auth(token: keyof typeof tokens): { authorization: string };
  /** The server listening on a loopback port (started on first use): its base URL. */
  url(): Promise<string>;
  close(): Promise<void>;
}

/** The tokens file's entries for the three tokens above: what a test adds its own to. */
export const tokenEntries = [
  { name: "ops-admin", token: tokens.admin, scopes: ["admin"] },
  { name: "dashboard", token: tokens.reader, scopes: ["read"] },
  { name: "ci", token: tokens.deployer, scopes: ["read", "deploy"] },
];

/** A tokens file of `entries` in `dir`, for FLIGHTDECK_TOKENS_FILE: its path. */
export function writeTokensFile(dir: string, entries: typeof tokenEntries): string {
  const tokensFile = join(dir, "tokens.json");
  // The server refuses a tokens file anyone but its owner may read.
  writeFileSync(tokensFile, JSON.stringify(entries), { mode: 0o600 });
  return tokensFile;
}

/** The real automation app on a temporary data directory, with three tokens of different scopes. */
export async function startServer(
  env: Record<string, string> = {},
  options: Partial<AppOptions> = {},
): Promise<ServerFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "flightdeck-server-"));
  const tokensFile = writeTokensFile(dataDir, tokenEntries);
  let logged = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  // Never the checkout itself: tests release their own repositories.
  const repoDir = join(dataDir, "repo");
  mkdirSync(repoDir);
  execFileSync("git", ["init", "--quiet", "--initial-branch=main", repoDir]);
  const config = loadConfig({
    FLIGHTDECK_DATA_DIR: dataDir,
    FLIGHTDECK_TOKENS_FILE: tokensFile,
    FLIGHTDECK_REPO_DIR: repoDir,
    LOG_LEVEL: "debug",
    ...env,
  });
  const app = await buildApp({
    config,
    logStream: stream,
    ...options,
  });
  let listening: Promise<string> | undefined;
  return {
    app,
    dataDir,
    url: () => (listening ??= app.listen({ host: "127.0.0.1", port: 0 })),
    logs: () => logged,
    auth: (token) => ({ authorization: `Bearer ${tokens[token]}` }),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
