import { readFileSync } from "node:fs";
import { sandboxHome } from "./sandbox-spec";

export interface AccountFiles {
  passwd: string;
  group: string;
}

const listed = (file: string, id: number) =>
  file.split("\n").some((line) => line.split(":")[2] === String(id));

/**
 * The host's passwd and group as the sandbox sees them, with an entry for its uid when
 * the host has none: the engine asks who it runs as, and an unknown uid is an error. No
 * account needs to exist on the host.
 */
export function accountFiles(uid: number): AccountFiles {
  const read = (path: string) => readFileSync(path, "utf8").replace(/\n?$/, "\n");
  const passwd = read("/etc/passwd");
  const group = read("/etc/group");
  return {
    passwd: listed(passwd, uid)
      ? passwd
      : `${passwd}flightdeck-sandbox:x:${uid}:${uid}:released code:${sandboxHome}:/usr/sbin/nologin\n`,
    group: listed(group, uid) ? group : `${group}flightdeck-sandbox:x:${uid}:\n`,
  };
}
