import picomatch from "picomatch";
import { serviceNames, type ServiceName } from "../domain/services";

/** Glob → the service it belongs to, or "all" for paths that shape every service. */
export type PathMap = Record<string, ServiceName | "all">;

/** The services a set of changed paths affects; paths no glob matches affect nothing. */
export function servicesForPaths(paths: string[], pathMap: PathMap): ServiceName[] {
  const matchers = Object.entries(pathMap).map(([glob, target]) => ({
    matches: picomatch(glob, { dot: true }),
    target,
  }));
  const affected = new Set<ServiceName>();
  for (const path of paths) {
    for (const { matches, target } of matchers) {
      if (!matches(path)) continue;
      if (target === "all") return [...serviceNames];
      affected.add(target);
    }
  }
  return serviceNames.filter((name) => affected.has(name));
}
