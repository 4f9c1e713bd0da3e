import { useEffect, useState } from "preact/hooks";
import { ApiClient } from "../../../client/api-client";

/** `/health` is public: the banner shows before sign-in too, with no token. */
const publicApi = new ApiClient({ baseUrl: "", token: "" });

/**
 * Says, above every page, that this server releases into the emulated AWS of
 * `npm run sandbox`, so what happens here is never taken for production.
 */
export function SandboxBanner() {
  const [sandboxWorld, setSandboxWorld] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    publicApi.health(controller.signal).then(
      (health) => setSandboxWorld(health.sandboxWorld),
      // A server that cannot say is shown as it is: no banner rather than a wrong one.
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  if (!sandboxWorld) return null;
  return (
    <p class="sandbox-banner" role="status">
      Sandbox: releases go to an emulated AWS on this machine (npm run sandbox). Nothing real is
      deployed.
    </p>
  );
}
