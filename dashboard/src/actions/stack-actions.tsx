import { useState } from "preact/hooks";
import { allows } from "../../../automation/auth/scopes";
import type { ReleaseView } from "../../../client/types";
import type { Session } from "../session/use-session";
import { DeployDialog } from "./deploy-dialog";
import { InvalidateDialog } from "./invalidate-dialog";
import { RollbackDialog } from "./rollback-dialog";

type Open = "deploy" | "preview" | "invalidate" | "rollback" | undefined;

interface Props {
  session: Session;
  stack: string;
  releases: ReleaseView[];
  /** Called when a dialog closes: what it did may show on the page. */
  onDone: () => void;
}

/**
 * The actions on a stack that the token's scopes allow, and nothing else: a token that
 * may only read sees no buttons at all (the server would refuse them with 403 anyway).
 */
export function StackActions({ session, stack, releases, onDone }: Props) {
  const [open, setOpen] = useState<Open>();
  const mayDeploy = allows(session.principal, "deploy");
  const mayRollBack = allows(session.principal, "rollback") && releases.length > 0;
  if (!mayDeploy && !mayRollBack) return null;
  const close = () => {
    setOpen(undefined);
    onDone();
  };
  return (
    <div class="actions" role="group" aria-label={`Actions on ${stack}`}>
      {mayDeploy && (
        <>
          <button type="button" class="primary" onClick={() => setOpen("deploy")}>
            Deploy…
          </button>
          <button type="button" onClick={() => setOpen("preview")}>
            Preview…
          </button>
          {releases.length > 0 && (
            <button type="button" onClick={() => setOpen("invalidate")}>
              Invalidate…
            </button>
          )}
        </>
      )}
      {mayRollBack && (
        <button type="button" class="danger" onClick={() => setOpen("rollback")}>
          Roll back…
        </button>
      )}
      {(open === "deploy" || open === "preview") && (
        <DeployDialog session={session} stack={stack} mode={open} onClose={close} />
      )}
      {open === "invalidate" && (
        <InvalidateDialog session={session} stack={stack} onClose={close} />
      )}
      {open === "rollback" && (
        <RollbackDialog session={session} stack={stack} releases={releases} onClose={close} />
      )}
    </div>
  );
}
