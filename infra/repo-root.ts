import { resolve } from "node:path";

/**
 * The repository root, from this file's place: the checkout `pulumi up` runs in, or the
 * worktree of the commit the automation server releases, so what is bundled and built
 * is always that commit's.
 */
export const repoRoot = resolve(__dirname, "..");
