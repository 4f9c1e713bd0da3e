import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";

/** One file of a built release, as infra uploads it under `releases/<gitHash>/<key>`. */
export interface WebFile {
  /** Path inside the release, e.g. "index.html" or "assets/app.3f2a9c1b.css". */
  key: string;
  /** Absolute path of the built file. */
  path: string;
  contentType: string;
  cacheControl: string;
}

export interface WebBuild {
  gitHash: string;
  files: WebFile[];
}

const siteDir = join(__dirname, "site");
const assets = ["app.css", "app.js"];
const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};
// Hashed names change with their content, so they may be cached forever; the page that
// names them must be revalidated or a rollback would not show.
const immutable = "public, max-age=31536000, immutable";
const revalidate = "no-cache";

function hashedName(name: string, content: Buffer): string {
  const digest = createHash("sha256").update(content).digest("hex").slice(0, 8);
  const extension = extname(name);
  return `${name.slice(0, -extension.length)}.${digest}${extension}`;
}

/** Builds the site for one release: content-hashed assets and an index.html carrying the hash. */
export function buildWebSite(options: { gitHash: string; outDir: string }): WebBuild {
  const { gitHash, outDir } = options;
  if (!/^[0-9a-f]{7,40}$/.test(gitHash)) {
    throw new Error(`gitHash must be a 7-40 character lowercase hex git hash, got "${gitHash}"`);
  }
  mkdirSync(join(outDir, "assets"), { recursive: true });
  const files: WebFile[] = [];
  let html = readFileSync(join(siteDir, "index.html"), "utf8").replaceAll("{{git-hash}}", gitHash);

  for (const asset of assets) {
    const content = readFileSync(join(siteDir, asset));
    const key = `assets/${hashedName(asset, content)}`;
    writeFileSync(join(outDir, key), content);
    files.push({
      key,
      path: join(outDir, key),
      contentType: contentTypes[extname(asset)]!,
      cacheControl: immutable,
    });
    html = html.replaceAll(`{{asset:${asset}}}`, `/${key}`);
  }

  writeFileSync(join(outDir, "index.html"), html);
  files.unshift({
    key: "index.html",
    path: join(outDir, "index.html"),
    contentType: contentTypes[".html"]!,
    cacheControl: revalidate,
  });
  return { gitHash, files };
}
