import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";

/*
 * Contract with infra/web/upload-release.ts (and the release fixture under tests/):
 *
 *   buildWebSite({ gitHash, outDir }): WebBuild   (synchronous)
 *
 * writes one release of the site into outDir and lists every file written. Infra uploads
 * each file to `releases/<gitHash>/<key>` with exactly the given Content-Type and
 * Cache-Control, so the list must be complete and the headers final:
 *   - `index.html` (the only unhashed file) carries `<meta name="git-hash" content="...">`
 *     and is served "no-cache": it must be revalidated or a rollback would not show.
 *   - `assets/<name>.<8 hex of sha256(content)>.<ext>` are cached for a year, immutable:
 *     a changed file gets a new name, and unchanged files keep theirs across releases.
 * The same hash and sources always build the same keys, paths and bytes.
 *
 * Pulumi serializes this function into a dynamic provider (tests/fixtures), so it stays
 * synchronous and uses only node builtins and module-level plain values.
 */

/** One file of a built release. */
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
  /** index.html first, then the assets in key order. */
  files: WebFile[];
}

const siteDir = join(__dirname, "site");
const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};
const immutable = "public, max-age=31536000, immutable";
const revalidate = "no-cache";

function contentTypeOf(name: string): string {
  const type = contentTypes[extname(name)];
  if (!type) throw new Error(`services/web/site/${name}: no content type for "${extname(name)}"`);
  return type;
}

function hashedName(name: string, content: Buffer): string {
  const digest = createHash("sha256").update(content).digest("hex").slice(0, 8);
  const extension = extname(name);
  return `${name.slice(0, name.length - extension.length)}.${digest}${extension}`;
}

/** Builds the site for one release: content-hashed assets and an index.html carrying the hash. */
export function buildWebSite(options: { gitHash: string; outDir: string }): WebBuild {
  const { gitHash } = options;
  if (!/^[0-9a-f]{7,40}$/.test(gitHash)) {
    throw new Error(
      `gitHash must be a 7-40 character lowercase hex git hash, got ${JSON.stringify(gitHash)}`,
    );
  }
  const outDir = resolve(options.outDir);
  mkdirSync(join(outDir, "assets"), { recursive: true });

  let html = readFileSync(join(siteDir, "index.html"), "utf8").replaceAll("{{git-hash}}", gitHash);
  const assets: WebFile[] = [];
  const sources = readdirSync(siteDir, { withFileTypes: true })
    .filter((entry) => entry.name !== "index.html")
    .map((entry) => {
      if (!entry.isFile())
        throw new Error(`services/web/site/${entry.name}: only files are assets`);
      return entry.name;
    })
    .sort();
  for (const name of sources) {
    const content = readFileSync(join(siteDir, name));
    const key = `assets/${hashedName(name, content)}`;
    writeFileSync(join(outDir, key), content);
    assets.push({
      key,
      path: join(outDir, key),
      contentType: contentTypeOf(name),
      cacheControl: immutable,
    });
    html = html.replaceAll(`{{asset:${name}}}`, `/${key}`);
  }

  // A reference to a missing asset would ship a page that 404s on its own files.
  const unresolved = /\{\{[^}]*\}\}/.exec(html);
  if (unresolved) {
    throw new Error(`services/web/site/index.html: unresolved placeholder ${unresolved[0]}`);
  }
  writeFileSync(join(outDir, "index.html"), html);
  return {
    gitHash,
    files: [
      {
        key: "index.html",
        path: join(outDir, "index.html"),
        contentType: contentTypeOf("index.html"),
        cacheControl: revalidate,
      },
      ...assets,
    ],
  };
}
