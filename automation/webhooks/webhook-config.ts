import { createSecretKey, type KeyObject } from "node:crypto";
import { readPrivateFile } from "../fs/private-file";
import type { SecretMask } from "../secrets/secret-mask";
import { eventsMatching, webhookEvents } from "./webhook-events";

/** One receiver of signed notifications. */
export interface WebhookTarget {
  /** Names the webhook in the journal and the logs: given, or the URL's host. */
  name: string;
  url: URL;
  /** Event names or patterns (`rollback.*`, `*`), each naming at least one known event. */
  events: string[];
  /** The HMAC key: a KeyObject, which neither JSON nor inspection reveals. */
  key: KeyObject;
}

/** How deliveries are retried, timed out and given time at shutdown. */
export interface WebhookSettings {
  /** Attempts per delivery, the first included. */
  attempts: number;
  /** The wait before the second attempt; each later wait doubles it. */
  retryBaseMs: number;
  /** How long one attempt may take, answer included. */
  timeoutMs: number;
  /** How long pending deliveries may still go out once the server closes. */
  shutdownGraceMs: number;
}

/** Long enough to be a key, and for the secret mask to mask it (`openssl rand -hex 32`). */
export const minSecretLength = 16;

const entryShape = "{ url, events, secret, name? }";
const fields = ["url", "events", "secret", "name"];
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Env = Record<string, string | undefined>;

/**
 * The URL, checked. Errors never quote it: a chat tool's incoming-webhook URL is itself
 * a credential.
 */
function webhookUrl(raw: unknown, where: string): URL {
  let url: URL | undefined;
  try {
    url = typeof raw === "string" ? new URL(raw) : undefined;
  } catch {
    // Reported below, without the value.
  }
  if (!url || !["http:", "https:"].includes(url.protocol))
    throw new Error(`${where}: url must be an http:// or https:// URL`);
  if (url.username || url.password)
    throw new Error(`${where}: url must not carry a user or password (fetch refuses them)`);
  return url;
}

function eventPatterns(raw: unknown, where: string): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((e) => typeof e === "string"))
    throw new Error(`${where}: events must be a non-empty list of event names or patterns`);
  const unknown = raw.find((pattern) => eventsMatching(pattern).length === 0);
  if (unknown !== undefined) {
    throw new Error(
      `${where}: events: ${JSON.stringify(unknown.slice(0, 100))} matches no event; known: ${webhookEvents.join(", ")} (\`*\` stands for any part, as in rollback.*)`,
    );
  }
  return raw;
}

function webhook(entry: unknown, where: string, mask: SecretMask): WebhookTarget {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    throw new Error(`${where} must be an object ${entryShape}`);
  const record = entry as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => !fields.includes(key));
  if (extra !== undefined)
    throw new Error(`${where} has an unknown field ${JSON.stringify(extra.slice(0, 50))}`);
  const { secret, name } = record;
  if (typeof secret !== "string" || secret.length < minSecretLength) {
    throw new Error(
      `${where}: secret must be a string of at least ${minSecretLength} characters (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  mask.add(secret);
  const url = webhookUrl(record.url, where);
  if (name !== undefined && (typeof name !== "string" || !namePattern.test(name)))
    throw new Error(`${where}: name must be 1 to 64 letters, digits, '.', '_' or '-'`);
  return {
    name: name ?? url.host,
    url,
    events: eventPatterns(record.events, where),
    key: createSecretKey(Buffer.from(secret, "utf8")),
  };
}

/** `source` names the variable in errors, which never quote a secret or a URL. */
export function parseWebhooks(text: string, source: string, mask: SecretMask): WebhookTarget[] {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault, which may be a secret.
    throw new Error(`${source} is not valid JSON; it must be a list of ${entryShape}`);
  }
  if (!Array.isArray(entries)) throw new Error(`${source} must be a JSON list of ${entryShape}`);
  return entries.map((entry, i) => webhook(entry, `${source} entry ${i + 1}`, mask));
}

/** FLIGHTDECK_WEBHOOKS, or the same JSON in the file FLIGHTDECK_WEBHOOKS_FILE names. */
export function webhooksFromEnv(env: Env, mask: SecretMask): WebhookTarget[] {
  const inline = env.FLIGHTDECK_WEBHOOKS;
  const file = env.FLIGHTDECK_WEBHOOKS_FILE;
  if (inline && file)
    throw new Error("set FLIGHTDECK_WEBHOOKS or FLIGHTDECK_WEBHOOKS_FILE, not both");
  if (inline) return parseWebhooks(inline, "FLIGHTDECK_WEBHOOKS", mask);
  if (file) {
    const text = readPrivateFile(file, "FLIGHTDECK_WEBHOOKS_FILE");
    return parseWebhooks(text, "FLIGHTDECK_WEBHOOKS_FILE", mask);
  }
  return [];
}
