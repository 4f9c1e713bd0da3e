/**
 * How the commit's code is confined: `bubblewrap` (the default) runs it in namespaces of
 * its own under bwrap, `off` runs it like the server's own processes and is shown as a
 * warning on the readiness page. Off is for hosts without namespaces whose operator
 * accepts that a released commit can read what the server can.
 */
export interface SandboxSetting {
  mode: "bubblewrap" | "off";
  /**
   * The unprivileged uid and gid the commit's code runs as when the server is root. A
   * server that is not root cannot change uid: its sandbox maps its own uid in a user
   * namespace instead.
   */
  uid: number;
}

export const defaultSandboxUid = 64_000;

export function sandboxSetting(env: Record<string, string | undefined>): SandboxSetting {
  const value = (env.FLIGHTDECK_SANDBOX ?? "on").trim().toLowerCase();
  if (value !== "on" && value !== "off")
    throw new Error(`FLIGHTDECK_SANDBOX must be "on" or "off", got "${value}"`);
  const uidText = env.FLIGHTDECK_SANDBOX_UID?.trim() || String(defaultSandboxUid);
  const uid = Number(uidText);
  if (!/^\d+$/.test(uidText) || uid < 1000 || uid > 4_294_967_294)
    throw new Error(
      `FLIGHTDECK_SANDBOX_UID must be an unused uid from 1000 up (no account is needed), got "${uidText}"`,
    );
  return { mode: value === "on" ? "bubblewrap" : "off", uid };
}
