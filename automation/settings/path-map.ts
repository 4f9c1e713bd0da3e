import type { ServiceName } from "../domain/services";

/** Glob → the service it belongs to, or "all" for paths that shape every service. */
export type PathMap = Record<string, ServiceName | "all">;
