/** What a secret reads as wherever it would have appeared. */
export const maskedText = "[secret]";

/**
 * Shorter values would mask ordinary words and numbers (and break the JSON of a log
 * line); every secret the server makes or asks for is far longer.
 */
export const minMaskedLength = 8;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/**
 * Every secret value the server knows (tokens, the engine's passphrase, the stacks'
 * secret config), replaced by `[secret]` in whatever is journaled, streamed or logged.
 * The values live only here, in a private field that neither JSON nor inspection shows.
 */
export class SecretMask {
  // Longest first: a secret that contains another is masked whole, not around it.
  #needles: string[] = [];

  /** Remembers a value; false when it is too short to be masked (see minMaskedLength). */
  add(value: string): boolean {
    if (value.length < minMaskedLength) return false;
    // A log line is JSON: a value with quotes or backslashes appears there escaped.
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      if (!this.#needles.includes(form)) this.#needles.push(form);
    }
    this.#needles.sort((a, b) => b.length - a.length);
    return true;
  }

  get size(): number {
    return this.#needles.length;
  }

  /** The text with every secret replaced, and the part of one a truncation left at either end. */
  text(text: string): string {
    let out = text;
    for (const needle of this.#needles) {
      if (out.includes(needle)) out = out.split(needle).join(maskedText);
    }
    for (const needle of this.#needles) out = maskCutEdges(out, needle);
    return out;
  }

  /** A copy of a JSON-like value with every string in it masked; keys are names, kept. */
  deep<T>(value: T): T {
    return this.#needles.length === 0 ? value : (this.#walk(value) as T);
  }

  #walk(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.#walk(item));
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.#walk(item)]),
      );
    }
    return value;
  }
}

/**
 * Output tails and diagnostics are cut to a length, which may cut through a secret: the
 * start of one left at the end of the text, or its end at the start, is masked too.
 * Only the places where the secret's first (or last) character occurs near the edge are
 * tried, so a text with nothing of the secret costs two index scans.
 */
function maskCutEdges(text: string, needle: string): string {
  let out = text;
  const first = needle[0] ?? "";
  // The earliest start gives the longest piece.
  for (
    let at = out.indexOf(first, Math.max(0, out.length - needle.length + 1));
    at >= 0 && out.length - at >= minMaskedLength;
    at = out.indexOf(first, at + 1)
  ) {
    if (needle.startsWith(out.slice(at))) {
      out = out.slice(0, at) + maskedText;
      break;
    }
  }
  const last = needle.at(-1) ?? "";
  // The latest end gives the longest piece.
  for (
    let at = out.lastIndexOf(last, needle.length - 2);
    at + 1 >= minMaskedLength;
    at = at > 0 ? out.lastIndexOf(last, at - 1) : -1
  ) {
    if (needle.endsWith(out.slice(0, at + 1))) {
      out = maskedText + out.slice(at + 1);
      break;
    }
  }
  return out;
}
