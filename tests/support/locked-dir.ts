import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Makes a directory this process cannot write, and answers how to undo it: permission bits
 * stop a normal user; root ignores them but not the immutable attribute. Undefined when
 * neither works here.
 */
export function lockDir(dir: string): (() => void) | undefined {
  execFileSync("chmod", ["0555", dir]);
  const writable = () => {
    try {
      writeFileSync(join(dir, "probe"), "");
      rmSync(join(dir, "probe"));
      return true;
    } catch {
      return false;
    }
  };
  const unlock = () => execFileSync("chmod", ["0755", dir]);
  if (!writable()) return unlock;
  try {
    execFileSync("chattr", ["+i", dir], { stdio: "ignore" });
  } catch {
    unlock();
    return undefined;
  }
  return () => {
    execFileSync("chattr", ["-i", dir]);
    unlock();
  };
}
