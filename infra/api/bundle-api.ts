import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";
import { repoRoot } from "../repo-root";

export const apiEntryPoint = join(repoRoot, "services", "api", "src", "lambda.ts");

/** services/api as one CommonJS file, as the Lambda runtime loads it (`index.handler`). */
export function bundleApiSource(): string {
  const result = buildSync({
    entryPoints: [apiEntryPoint],
    // esbuild names each bundled module in a comment relative to this directory: pinning
    // it keeps the bundle byte-identical whether `pulumi up` or the server runs it.
    absWorkingDir: repoRoot,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    write: false,
    outfile: "index.js",
    logLevel: "error",
  });
  const [bundle] = result.outputFiles;
  if (!bundle) throw new Error(`esbuild produced no bundle for ${apiEntryPoint}`);
  return bundle.text;
}

/**
 * The deployment archive, kept in memory. A deploy that does not touch the api yields
 * the same bytes, so the function has no code diff and publishes no new version.
 */
export function bundleApi(): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset(bundleApiSource()),
  });
}
