import { invalid, notFound, refused } from "../domain/domain-error";
import { isGitOwnRef, isReleaseNamespace, releaseRefMatcher } from "./release-ref-patterns";
import { runGit } from "./run-git";

const setting = "FLIGHTDECK_RELEASE_REFS";

/** A release asked for, resolved to one commit that may be released. */
export interface ReleasableRef {
  /** As asked, or the release branch's name: what the journal and messages show. */
  ref: string;
  commit: string;
  /** The branch or tag it named, in full; none when it named a commit id. */
  fullRef?: string;
}

const notReleasable = (message: string, details: Record<string, unknown>) =>
  refused("ref_not_releasable", message, details);

function refusedRef(ref: string, fullRef: string, patterns: string[]) {
  return notReleasable(
    `ref "${ref}" (${fullRef}) is not releasable: ${setting} allows ${patterns.join(", ")}`,
    { ref, fullRef, allowed: patterns },
  );
}

/** Peels a tag to its commit; the name is always full or an object id here, never guessed. */
async function commitOf(gitDir: string, name: string): Promise<string | undefined> {
  const out = await runGit(gitDir, [
    "rev-parse",
    "--verify",
    "--quiet",
    "--end-of-options",
    `${name}^{commit}`,
  ]).catch(() => undefined);
  return out?.trim() || undefined;
}

/** The branches and tags of exactly this name (for-each-ref would also list those under it). */
async function refsNamed(gitDir: string, fullNames: string[]): Promise<string[]> {
  const out = await runGit(gitDir, ["for-each-ref", "--format=%(refname)", ...fullNames]);
  return out.split("\n").filter((name) => fullNames.includes(name));
}

/** Commits whose id starts with `prefix`: only objects, never a ref that looks like one. */
async function commitsWithPrefix(gitDir: string, prefix: string): Promise<string[]> {
  if (!/^[0-9a-f]{4,39}$/i.test(prefix)) return [];
  const out = await runGit(gitDir, ["rev-parse", `--disambiguate=${prefix.toLowerCase()}`]).catch(
    () => "",
  );
  const objects = out.split("\n").filter((id) => id !== "");
  const commits = await Promise.all(
    objects.map(async (id) => ((await commitOf(gitDir, id)) === id ? id : undefined)),
  );
  return commits.filter((id) => id !== undefined);
}

/**
 * What a name denotes, without git's guessing: a full commit id is a commit (a branch
 * named like one never shadows it); `refs/heads/…` and `refs/tags/…` are themselves; a
 * short name is a branch, a tag or an abbreviated commit id, and must be exactly one.
 */
async function denote(
  gitDir: string,
  ref: string,
): Promise<{ fullRef: string } | { commit: string } | undefined> {
  if (/^[0-9a-f]{40}$/i.test(ref)) {
    const commit = await commitOf(gitDir, ref.toLowerCase());
    return commit ? { commit } : undefined;
  }
  if (ref.startsWith("refs/"))
    return (await refsNamed(gitDir, [ref])).length ? { fullRef: ref } : undefined;
  const [refs, commits] = await Promise.all([
    refsNamed(gitDir, [`refs/heads/${ref}`, `refs/tags/${ref}`]),
    commitsWithPrefix(gitDir, ref),
  ]);
  const meanings = [...refs, ...commits];
  if (meanings.length > 1) {
    throw invalid(
      "ambiguous_ref",
      `ref "${ref}" names more than one thing (${meanings.join(", ")}): name it in full, refs/heads/${ref}, refs/tags/${ref} or a 40-character commit id`,
      { ref, candidates: meanings },
    );
  }
  if (refs[0]) return { fullRef: refs[0] };
  return commits[0] ? { commit: commits[0] } : undefined;
}

/**
 * Resolves `ref` to a commit and refuses it unless FLIGHTDECK_RELEASE_REFS allows it: a
 * branch or tag must match a pattern; a commit id must be reachable from a ref that does.
 * Only git's refs and objects are read: nothing of the commit is checked out.
 */
export async function resolveReleasable(
  gitDir: string,
  ref: string,
  patterns: string[],
): Promise<ReleasableRef> {
  if (isGitOwnRef(ref) || (ref.startsWith("refs/") && !isReleaseNamespace(ref))) {
    throw notReleasable(
      `ref "${ref}" is never releasable: git's own refs (HEAD, FETCH_HEAD, stash, remote-tracking refs) are not, whatever ${setting} allows`,
      { ref, allowed: patterns },
    );
  }
  const denoted = await denote(gitDir, ref);
  const commit =
    denoted && (await commitOf(gitDir, "fullRef" in denoted ? denoted.fullRef : denoted.commit));
  if (!denoted || !commit) {
    throw notFound(`ref "${ref}" does not name a commit of the released repository`, "unknown_ref");
  }
  const allowed = releaseRefMatcher(patterns);
  if ("fullRef" in denoted) {
    if (!allowed(denoted.fullRef)) throw refusedRef(ref, denoted.fullRef, patterns);
    return { ref, commit, fullRef: denoted.fullRef };
  }
  // One walk answers `merge-base --is-ancestor <commit> <tip>` for every branch and tag at once.
  const containing = await runGit(gitDir, [
    "for-each-ref",
    "--format=%(refname)",
    `--contains=${commit}`,
    "refs/heads/",
    "refs/tags/",
  ]);
  if (!containing.split("\n").some((name) => name !== "" && allowed(name))) {
    throw notReleasable(
      `ref "${ref}" (commit ${commit}) is not releasable: no ref ${setting} allows (${patterns.join(", ")}) reaches it`,
      { ref, commit, allowed: patterns },
    );
  }
  return { ref, commit };
}
