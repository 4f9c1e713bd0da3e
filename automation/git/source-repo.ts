import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { pathExists } from "../fs/path-exists";
import { upstreamFailure } from "../domain/domain-error";
import { addWorktree, type Worktree } from "./worktree";
import { defaultReleaseRefs } from "./release-ref-patterns";
import { resolveReleasable, type ReleasableRef } from "./releasable-ref";
import { runGit } from "./run-git";

export interface SourceRepoOptions {
  /** The local repository released when there is no remote. */
  repoDir: string;
  /** A remote to clone, fetch before resolving, and push release tags to. */
  repoUrl?: string;
  /** Where the server keeps its own bare clone of the remote. */
  cloneDir: string;
  /** The branch whose tip a deploy without `ref` releases. */
  branch: string;
  /** FLIGHTDECK_RELEASE_REFS as full ref globs; the release branch and release tags by default. */
  releaseRefs?: string[];
}

/**
 * The repository releases come from: the remote's bare clone kept by the server, or the
 * local repository. Worktrees, change analysis and release tags all work on `gitDir`.
 */
export class SourceRepo {
  readonly gitDir: string;
  private fetching?: Promise<void>;
  private fetchQueued?: Promise<void>;
  /** The tail of the git commands that must not overlap, in the order they were asked. */
  private gitQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly options: SourceRepoOptions) {
    this.gitDir = options.repoUrl ? options.cloneDir : options.repoDir;
  }

  get hasRemote(): boolean {
    return this.options.repoUrl !== undefined;
  }

  /** Makes the server's clone of the remote on first start; a local repository must exist. */
  async prepare(): Promise<void> {
    const { repoUrl, cloneDir, repoDir } = this.options;
    if (!repoUrl) {
      await runGit(repoDir, ["rev-parse", "--git-dir"]).catch((error: unknown) => {
        throw new Error(`FLIGHTDECK_REPO_DIR is not a git repository: ${String(error)}`);
      });
      return;
    }
    if (await pathExists(cloneDir)) return;
    const partial = `${cloneDir}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(dirname(cloneDir), { recursive: true });
    await runGit(dirname(cloneDir), ["clone", "--bare", "--quiet", repoUrl, partial]).catch(
      (error: unknown) => {
        // The URL may carry credentials: name the variable, not the value.
        throw new Error(`could not clone FLIGHTDECK_REPO_URL: ${this.redact(error)}`);
      },
    );
    await rename(partial, cloneDir);
  }

  /**
   * Brings the remote's branches and tags in. Concurrent callers share one fetch, and a
   * caller arriving while one runs gets the next, so nobody misses a push made before it asked.
   */
  fetch(): Promise<void> {
    if (!this.hasRemote) return Promise.resolve();
    if (!this.fetching) {
      this.fetching = this.fetchOnce().finally(() => (this.fetching = undefined));
      return this.fetching;
    }
    this.fetchQueued ??= this.fetching
      .catch(() => undefined)
      .then(() => {
        this.fetchQueued = undefined;
        return this.fetch();
      });
    return this.fetchQueued;
  }

  /**
   * Runs git commands that must not overlap: a fetch checks every worktree's HEAD and
   * fails on one that another operation is adding or removing at that moment.
   */
  serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.gitQueue.then(work, work);
    this.gitQueue = run.catch(() => undefined);
    return run;
  }

  /** Checks a commit out in a worktree of its own; adding and removing it never overlap a fetch. */
  async checkout(root: string, name: string, commit: string): Promise<Worktree> {
    const tree = await this.serialized(() => addWorktree(this.gitDir, root, name, commit));
    return { ...tree, remove: () => this.serialized(() => tree.remove()) };
  }

  private async fetchOnce(): Promise<void> {
    // Tags are never forced: a release tag the remote moved would otherwise rewrite history here.
    await this.serialized(() =>
      runGit(this.gitDir, [
        "fetch",
        "--quiet",
        "origin",
        "+refs/heads/*:refs/heads/*",
        "refs/tags/*:refs/tags/*",
      ]).catch((error: unknown) => {
        throw upstreamFailure(
          "fetch_failed",
          `could not fetch from FLIGHTDECK_REPO_URL: ${this.redact(error)}`,
        );
      }),
    );
  }

  /** Resolves a branch, tag or sha (the release branch's tip by default) to one releasable commit. */
  async resolve(ref?: string): Promise<{ ref: string; commit: string }> {
    const release = await this.resolveRelease(ref);
    return { ref: release.ref, commit: release.commit };
  }

  /**
   * Like `resolve`, with the branch or tag it named in full. Refuses, before anything is
   * checked out, what FLIGHTDECK_RELEASE_REFS does not allow (releasable-ref.ts).
   */
  async resolveRelease(ref?: string): Promise<ReleasableRef> {
    await this.fetch();
    const { branch, releaseRefs = defaultReleaseRefs(branch) } = this.options;
    if (ref !== undefined) return resolveReleasable(this.gitDir, ref, releaseRefs);
    // The release branch by its full name: a tag of the same name must not stand in for it.
    const release = await resolveReleasable(this.gitDir, `refs/heads/${branch}`, releaseRefs);
    return { ...release, ref: branch };
  }

  /** Whether a file exists at a commit or ref, e.g. a stack's committed settings. */
  async hasFile(ref: string, path: string): Promise<boolean> {
    return runGit(this.gitDir, ["cat-file", "-e", `${ref}:${path}`]).then(
      () => true,
      () => false,
    );
  }

  /** The names at the top of a commit's tree; none when the ref does not exist (yet). */
  async rootFiles(ref: string): Promise<string[]> {
    const listing = await runGit(this.gitDir, ["ls-tree", "--name-only", "-z", ref]).catch(
      () => "",
    );
    return listing.split("\0").filter((name) => name !== "");
  }

  /**
   * Pushes a release tag to the remote, as the hand-run procedure did. The release is
   * live whatever the push does, so a failure is reported, not thrown.
   */
  async pushTag(tag: number): Promise<{ pushed: boolean; error?: string }> {
    if (!this.hasRemote) return { pushed: false };
    return runGit(this.gitDir, ["push", "--quiet", "origin", `refs/tags/${tag}`]).then(
      () => ({ pushed: true }),
      (error: unknown) => ({ pushed: false, error: this.redact(error) }),
    );
  }

  /** git's messages may quote the remote's URL, credentials included. */
  private redact(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const url = this.options.repoUrl;
    return url ? message.split(url).join("<FLIGHTDECK_REPO_URL>") : message;
  }
}
