import { hash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readPrivateFile } from "../fs/private-file";
import type { SecretMask } from "../secrets/secret-mask";
import { scopes, type Principal, type Scope } from "./scopes";

interface StoredToken {
  name: string;
  digest: Buffer;
  scopes: Scope[];
}

// One call, no Hash object: every request digests its token (Node 20.12+).
const digest = (token: string) => hash("sha256", token, "buffer");

/** Long enough that guessing is hopeless: 32 characters, as a generated token has more. */
export const minTokenLength = 32;

function parseTokens(text: string, source: string, mask: SecretMask): StoredToken[] {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new Error(`${source} must be a non-empty JSON array of { name, token, scopes }`);
  }
  return entries.map((entry: { name?: unknown; token?: unknown; scopes?: unknown }, i) => {
    const { name, token } = entry;
    const granted = entry.scopes;
    if (typeof name !== "string" || !name)
      throw new Error(`${source}[${i}].name must be a non-empty string`);
    if (typeof token !== "string" || token.length < minTokenLength) {
      throw new Error(
        `${source}[${i}].token must be a string of at least ${minTokenLength} characters (e.g. \`openssl rand -base64 32\`)`,
      );
    }
    if (
      !Array.isArray(granted) ||
      granted.length === 0 ||
      !granted.every((s) => scopes.includes(s as Scope))
    ) {
      throw new Error(`${source}[${i}].scopes must list some of ${scopes.join(", ")}`);
    }
    mask.add(token);
    return { name, digest: digest(token), scopes: granted as Scope[] };
  });
}

/**
 * Creates a file readable only by its owner with its whole content, unless it exists:
 * written aside, then linked into place, so two servers starting at once on one data
 * directory agree on one token and neither reads a half-written file.
 */
function createOnce(path: string, content: string): boolean {
  const draft = `${path}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeFileSync(draft, content, { mode: 0o600, flag: "wx" });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Bearer tokens and their scopes. Tokens are kept only as sha256 digests and compared in
 * constant time against every entry, so timing tells nothing about which one is close.
 * Their plain values go only to the mask, so that none is ever journaled or logged.
 */
export class TokenStore {
  private constructor(private readonly tokens: StoredToken[]) {}

  static fromFile(path: string, mask: SecretMask): TokenStore {
    const text = readPrivateFile(path, "FLIGHTDECK_TOKENS_FILE");
    return TokenStore.fromJson(text, "FLIGHTDECK_TOKENS_FILE", mask);
  }

  /** `[{ "name", "token", "scopes" }]`; `source` names where it came from in errors. */
  static fromJson(text: string, source: string, mask: SecretMask): TokenStore {
    return new TokenStore(parseTokens(text, source, mask));
  }

  /**
   * With no tokens configured the server never runs open: the first start writes an
   * admin token readable only by its owner, and later starts reuse it.
   */
  static generatedAdmin(
    dataDir: string,
    mask: SecretMask,
  ): { store: TokenStore; path: string; created: boolean } {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, "admin-token");
    const created = createOnce(path, `${randomBytes(32).toString("base64url")}\n`);
    chmodSync(path, 0o600);
    const token = readFileSync(path, "utf8").trim();
    if (token.length < minTokenLength)
      throw new Error(`${path} holds no usable token; delete it to have a new one generated`);
    mask.add(token);
    return {
      store: new TokenStore([{ name: "admin", digest: digest(token), scopes: ["admin"] }]),
      path,
      created,
    };
  }

  authenticate(token: string): Principal | undefined {
    const presented = digest(token);
    let found: StoredToken | undefined;
    for (const stored of this.tokens) {
      if (timingSafeEqual(presented, stored.digest)) found = stored;
    }
    return found && { name: found.name, scopes: found.scopes };
  }
}
