import picomatch from "picomatch";
import { serviceNames, type ServiceName } from "../domain/services";
import type { PathMap } from "../settings/path-map";

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
