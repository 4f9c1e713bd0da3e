import type { FastifyReply } from "fastify";
import { insufficientScope } from "../../auth/auth-hook";
import { allows, type Principal } from "../../auth/scopes";
import type { ReleasableRef } from "../../git/releasable-ref";
import type { Journal } from "../../journal/journal";

/**
 * Why deploying this commit to the stack is really a rollback: an older release tag than
 * the stack's newest release, or a commit a rollback (or a failed bake) marked bad.
 */
async function rollbackReason(
  journal: Journal,
  stackName: string,
  release: ReleasableRef,
): Promise<string | undefined> {
  const tag = /^refs\/tags\/([1-9]\d*)$/.exec(release.fullRef ?? "")?.[1];
  if (tag !== undefined) {
    const newest = (await journal.latestRelease(stackName))?.tag;
    if (newest !== undefined && Number(tag) < newest)
      return `release ${tag} is older than stack ${stackName}'s newest release ${newest}`;
  }
  const badTags = [...new Set((await journal.badReleases(stackName)).map((bad) => bad.tag))];
  for (const badTag of badTags) {
    const bad = await journal.getRelease(stackName, badTag);
    if (bad?.commit === release.commit)
      return `commit ${release.commit} is release ${badTag} of stack ${stackName}, marked bad`;
  }
  return undefined;
}

/**
 * Redeploying an old or bad release undoes what a rollback decided, so it takes the
 * rollback scope: a deploy-only token can neither go back nor lift a bad release's quarantine.
 */
export async function requireRedeployScope(
  reply: FastifyReply,
  principal: Principal,
  journal: Journal,
  stackName: string,
  release: ReleasableRef,
): Promise<void> {
  if (allows(principal, "rollback")) return;
  const reason = await rollbackReason(journal, stackName, release);
  if (!reason) return;
  throw insufficientScope(
    reply,
    "rollback",
    "rollback_scope_required",
    `deploying ref "${release.ref}" needs the "rollback" scope, which token "${principal.name}" lacks: ${reason}`,
    { scope: "rollback", ref: release.ref, commit: release.commit },
  );
}
