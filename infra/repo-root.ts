import { resolve } from "node:path";

/** The repository root, from this file's place: `pulumi up` and the automation server run from different directories. */
export const repoRoot = resolve(__dirname, "..");
