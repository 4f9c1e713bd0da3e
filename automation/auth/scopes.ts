export const scopes = ["read", "deploy", "rollback", "admin"] as const;
export type Scope = (typeof scopes)[number];

export interface Principal {
  /** The token's name, recorded as who asked; never the token. */
  name: string;
  scopes: Scope[];
}

/** admin may do everything; the other scopes only what they name. */
export function allows(principal: Principal, needed: Scope): boolean {
  return principal.scopes.includes("admin") || principal.scopes.includes(needed);
}
