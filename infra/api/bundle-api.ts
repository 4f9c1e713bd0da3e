import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";
import { repoRoot } from "../repo-root";

/**
 * Bundles services/api into one CommonJS file, kept in memory. The bundle is
 * deterministic, so a deploy that does not touch the api yields the same archive and
 * no code diff.
 */
export function bundleApi(): pulumi.asset.AssetArchive {
  const result = buildSync({
    entryPoints: [join(repoRoot, "services", "api", "src", "lambda.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    write: false,
    outfile: "index.js",
    logLevel: "error",
  });
  const [bundle] = result.outputFiles;
  if (!bundle) throw new Error("esbuild produced no bundle for services/api/src/lambda.ts");
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.text) });
}
