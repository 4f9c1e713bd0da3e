import { join } from "node:path";

/** Where the sandbox keeps each thing, all under one directory. */
export interface SandboxLayout {
  dir: string;
  /** Every request the emulator answered, replayed at the next start. */
  recording: string;
  /** The release repository: commit here, then deploy. */
  repo: string;
  /** The server's data directory: journal, stacks' state, passphrases, admin token. */
  data: string;
  pulumiHome: string;
  serverLog: string;
}

export const sandboxLayout = (dir: string): SandboxLayout => ({
  dir,
  recording: join(dir, "aws", "recording.jsonl"),
  repo: join(dir, "repo"),
  data: join(dir, "data"),
  pulumiHome: join(dir, "pulumi-home"),
  serverLog: join(dir, "server.log"),
});
