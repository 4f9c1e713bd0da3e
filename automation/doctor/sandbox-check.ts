import type { Sandbox } from "../sandbox/sandbox";
import { failed, passed, type CheckResult } from "./check-result";

const hostFix =
  "install bubblewrap (apt-get install bubblewrap) and run the server as root, or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; in a container, see the Dockerfile); or accept the risk with FLIGHTDECK_SANDBOX=off";

/** Whether released code can be confined here: one trial process, as an operation would start it. */
export async function checkSandbox(sandbox: Sandbox): Promise<CheckResult> {
  if (!sandbox.enabled)
    return {
      ...passed("sandbox", "off (FLIGHTDECK_SANDBOX=off)"),
      warning:
        "a released commit's install scripts, checks and program run with the server's own access: its tokens, journal and every stack's secrets",
    };
  const trial = await sandbox.trial();
  if (!trial.ok)
    return failed("sandbox", `released code cannot be confined: ${trial.reason}`, hostFix);
  return passed("sandbox", trial.detail);
}
