import picomatch from "picomatch";

const setting = "FLIGHTDECK_RELEASE_REFS";

/** Release tags are plain increasing integers (release-tags.ts): no leading zero, digits only. */
export const releaseTagPattern = "refs/tags/[1-9]*([0-9])";

/** What may be released when FLIGHTDECK_RELEASE_REFS is unset: the release branch and release tags. */
export const defaultReleaseRefs = (branch: string): string[] => [
  `refs/heads/${branch}`,
  releaseTagPattern,
];

/**
 * git's own names outside refs/heads and refs/tags: all-capital names are pseudo refs
 * (HEAD, FETCH_HEAD, ORIG_HEAD…) and `stash` is refs/stash. Whoever can run git on the
 * server's clone, or push a remote-tracking ref, moves them; no pattern makes them releasable.
 */
export const isGitOwnRef = (name: string): boolean =>
  /^[A-Z][A-Z_]*$/.test(name) || name === "stash" || name.startsWith("remotes/");

/** Only branches and tags are ever released. */
export const isReleaseNamespace = (fullRef: string): boolean =>
  /^refs\/(heads|tags)\/./.test(fullRef);

/** `heads/x` and `tags/x` say their namespace; any other short name is a branch, as FLIGHTDECK_BRANCH is. */
function fullPattern(entry: string): string {
  if (entry.startsWith("refs/")) return entry;
  if (entry.startsWith("heads/") || entry.startsWith("tags/")) return `refs/${entry}`;
  return `refs/heads/${entry}`;
}

// A ref name's characters (git check-ref-format) plus the glob's own: * ? [ ] ! + @ ( ) |.
const patternCharacters = /^[A-Za-z0-9._/*?[\]!+@()|-]+$/;

function entryProblem(entry: string): string | undefined {
  if (!patternCharacters.test(entry) || entry.includes("..") || entry.includes("//"))
    return "is not a ref pattern such as refs/heads/main or refs/tags/release-*";
  if (isGitOwnRef(entry) || !isReleaseNamespace(fullPattern(entry)))
    return "is never releasable: only branches (refs/heads/) and tags (refs/tags/) are";
  return undefined;
}

/**
 * FLIGHTDECK_RELEASE_REFS: comma-separated globs of the refs a deploy or preview may
 * release, short names made full (`main` → `refs/heads/main`, `tags/v*` → `refs/tags/v*`).
 */
export function releaseRefsFromEnv(raw: string | undefined, branch: string): string[] {
  if (raw === undefined || raw.trim() === "") return defaultReleaseRefs(branch);
  const entries = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  entries.forEach((entry, index) => {
    const problem = entryProblem(entry);
    if (problem) throw new Error(`${setting}: entry ${index + 1} "${entry}" ${problem}`);
  });
  if (entries.length === 0)
    throw new Error(
      `${setting} must list ref patterns separated by commas, such as refs/heads/main`,
    );
  return [...new Set(entries.map(fullPattern))];
}

/** Whether a full ref name (refs/heads/…, refs/tags/…) is one the patterns allow. */
export function releaseRefMatcher(patterns: string[]): (fullRef: string) => boolean {
  // `dot`: a leading dot is git's to refuse in a name, not the glob's to skip.
  const matches = picomatch(patterns, { dot: true });
  return (fullRef) => isReleaseNamespace(fullRef) && matches(fullRef);
}
