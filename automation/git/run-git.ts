import { execFile } from "node:child_process";

/** Runs git in the released repository; rejects with git's own message. */
export function runGit(repoDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd: repoDir, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`git ${args[0] ?? ""} failed: ${stderr.trim() || error.message}`));
        else resolve(stdout);
      },
    );
  });
}
