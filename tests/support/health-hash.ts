/**
 * The hash a health URL reports: JSON `gitHash`, or the web page's git-hash meta tag;
 * `HTTP <status>` when it does not answer 2xx.
 */
export async function healthHash(url: string): Promise<string> {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) return `HTTP ${response.status}`;
  if (text.startsWith("<")) return /name="git-hash" content="([^"]+)"/.exec(text)?.[1] ?? "";
  return (JSON.parse(text) as { gitHash: string }).gitHash;
}
