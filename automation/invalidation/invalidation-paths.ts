/** CloudFront's own limits: per distribution in progress, so one request can never exceed them. */
export const invalidationLimits = { files: 3_000, wildcards: 15, pathLength: 4_000 };

export interface NormalizedPaths {
  paths: string[];
  /** Paths dropped as exact repeats or because a wildcard in the request already covers them. */
  dropped: Array<{ path: string; coveredBy: string }>;
}

const isWildcard = (path: string) => path.endsWith("*");

/** Whether a wildcard path (`/images/*`, `/images*`) covers another path. */
function covers(wildcard: string, path: string): boolean {
  return wildcard !== path && path.startsWith(wildcard.slice(0, -1));
}

/** What is wrong with one path by CloudFront's rules, or undefined when it is fine. */
export function invalidPathReason(path: string): string | undefined {
  if (!path.startsWith("/")) return "must start with /";
  if (path.length > invalidationLimits.pathLength)
    return `is longer than ${invalidationLimits.pathLength} characters`;
  if (path.slice(0, -1).includes("*")) return "may have a * wildcard only at its end";
  if (/[\s?#]/.test(path) || /[^\x21-\x7e]/.test(path))
    return "must be URL-encoded: no spaces, ?, # or non-ASCII characters";
  return undefined;
}

/**
 * Removes repeats and every path a wildcard of the same request covers (the broadest
 * wildcard wins), keeping the order given. Validity is checked before this.
 */
export function normalizePaths(requested: string[]): NormalizedPaths {
  const dropped: NormalizedPaths["dropped"] = [];
  // Shortest first: a path is reported as covered by the broadest wildcard.
  const wildcards = [...new Set(requested.filter(isWildcard))].sort((a, b) => a.length - b.length);
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const path of requested) {
    const coveredBy = seen.has(path) ? path : wildcards.find((w) => covers(w, path));
    if (coveredBy) {
      dropped.push({ path, coveredBy });
      continue;
    }
    seen.add(path);
    paths.push(path);
  }
  return { paths, dropped };
}

/** Whether the normalized paths fit in CloudFront's limits; the reason when they do not. */
export function overLimit(paths: string[]): string | undefined {
  const wildcards = paths.filter(isWildcard).length;
  const files = paths.length - wildcards;
  if (wildcards > invalidationLimits.wildcards)
    return `${wildcards} wildcard paths; CloudFront allows ${invalidationLimits.wildcards} in progress`;
  if (files > invalidationLimits.files)
    return `${files} file paths; CloudFront allows ${invalidationLimits.files} in progress`;
  return undefined;
}
