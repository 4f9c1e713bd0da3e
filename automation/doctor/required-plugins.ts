import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../../toolchain/paths";
import { runGit } from "../git/run-git";

export interface RequiredPlugin {
  name: string;
  version: string;
  /** The npm package that declares it. */
  package: string;
}

export interface ProgramPlugins {
  /** Where the list was read, to say so in the report. */
  source: string;
  plugins: RequiredPlugin[];
  /** Packages that may carry a plugin but that no install here can tell about yet. */
  unverified: string[];
}

interface LockEntry {
  name?: string;
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface Manifest {
  name?: string;
  version?: string;
  pulumi?: { resource?: boolean; name?: string; version?: string };
}

/** Some packages write their version as "v3.6.1"; plugins are installed as 3.6.1. */
const bare = (version: string) => version.replace(/^v/, "");

/** A lockfile's plugins never change once every candidate was read from an install. */
const settled = new Map<string, RequiredPlugin[]>();

async function manifestAt(file: string): Promise<Manifest | undefined> {
  return readFile(file, "utf8").then(
    (text) => JSON.parse(text) as Manifest,
    () => undefined,
  );
}

/**
 * A package's installed package.json, from the install of this very lockfile when a deploy
 * made one, else from the server's own node_modules when it holds the same version (the
 * usual case: the server releases its own repository).
 */
async function installedManifest(
  key: string,
  entry: LockEntry,
  roots: string[],
): Promise<Manifest | undefined> {
  for (const root of roots) {
    const manifest = await manifestAt(join(root, key, "package.json"));
    if (manifest?.version && entry.version && bare(manifest.version) === bare(entry.version))
      return manifest;
  }
  return undefined;
}

/**
 * The resource plugins the release branch's program needs, as Pulumi's nodejs language host
 * finds them: packages whose package.json says `"pulumi": { "resource": true }`. Only
 * packages that depend on @pulumi/pulumi can be providers, so only those are read.
 */
export async function programPlugins(options: {
  gitDir: string;
  branch: string;
  dependenciesDir: string;
}): Promise<ProgramPlugins> {
  const { gitDir, branch, dependenciesDir } = options;
  const source = `package-lock.json of ${branch}`;
  const lockfile = await runGit(gitDir, ["show", `refs/heads/${branch}:package-lock.json`]).catch(
    () => undefined,
  );
  // Nothing to release yet, or nothing npm ci could install: the deploy says so itself.
  if (lockfile === undefined) return { source: `no ${source}`, plugins: [], unverified: [] };
  const sha256 = createHash("sha256").update(lockfile).digest("hex");
  const cacheKey = `${dependenciesDir}\0${sha256}`;
  const known = settled.get(cacheKey);
  if (known) return { source, plugins: known, unverified: [] };

  const packages = (JSON.parse(lockfile) as { packages?: Record<string, LockEntry> }).packages;
  const roots = [join(dependenciesDir, sha256), repoRoot];
  const plugins = new Map<string, RequiredPlugin>();
  const unverified: string[] = [];
  for (const [key, entry] of Object.entries(packages ?? {})) {
    const sdk = { ...entry.dependencies, ...entry.peerDependencies }["@pulumi/pulumi"];
    if (key === "" || entry.link || sdk === undefined) continue;
    const name = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
    const manifest = await installedManifest(key, entry, roots);
    if (!manifest) {
      unverified.push(`${name}@${entry.version ?? "?"}`);
      continue;
    }
    if (manifest.pulumi?.resource !== true) continue;
    const plugin = {
      name: manifest.pulumi.name ?? name.replace(/^@[^/]+\//, ""),
      version: bare(manifest.pulumi.version ?? manifest.version ?? ""),
      package: name,
    };
    plugins.set(`${plugin.name}@${plugin.version}`, plugin);
  }
  const list = [...plugins.values()];
  if (unverified.length === 0) settled.set(cacheKey, list);
  return { source, plugins: list, unverified };
}
