import { createHash } from "node:crypto";

/**
 * A load balancer or target group name: at most 32 letters, digits and hyphens. A longer
 * stack-scoped name keeps its start and gets a hash of the whole, so it stays unique.
 */
export function elbName(name: string): string {
  if (name.length <= 32) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, 23).replace(/-+$/, "")}-${hash}`;
}
