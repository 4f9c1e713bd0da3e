import type { SecretMask } from "./secret-mask";

/**
 * Masks a value, and when it is a URL with a password (postgres://user:pw@host/db), the
 * password on its own too, both as written (percent-encoded) and decoded: a tool may
 * print either form without the rest of the URL.
 */
export function maskValue(mask: SecretMask, value: string): void {
  mask.add(value);
  const password = urlPassword(value);
  if (!password) return;
  mask.add(password);
  try {
    mask.add(decodeURIComponent(password));
  } catch {
    // A stray % is no encoding: the password as written is all there is.
  }
}

function urlPassword(value: string): string | undefined {
  // Only scheme://…: URL would read `host:port` or a Windows path as a scheme.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return undefined;
  try {
    return new URL(value).password || undefined;
  } catch {
    return undefined;
  }
}
