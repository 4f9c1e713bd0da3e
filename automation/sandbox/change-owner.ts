import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Gives a tree to a uid (and the group of the same number) without following links: a
 * link the commit placed never hands over what it points to.
 */
export async function changeOwner(path: string, uid: number): Promise<void> {
  await run("chown", ["-R", "-P", "-h", `${uid}:${uid}`, path]);
}
