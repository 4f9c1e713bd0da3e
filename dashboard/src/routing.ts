import { useEffect, useState } from "preact/hooks";

/** The pages, addressed by the URL's fragment: no server route is needed for any of them. */
export type Route =
  { page: "overview" } | { page: "history"; stack: string } | { page: "operation"; id: string };

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, "").split("/");
  if (first === "stacks" && second) return { page: "history", stack: decodeURIComponent(second) };
  if (first === "operations" && second)
    return { page: "operation", id: decodeURIComponent(second) };
  return { page: "overview" };
}

export const hrefOf = (route: Route): string => {
  switch (route.page) {
    case "overview":
      return "#/";
    case "history":
      return `#/stacks/${encodeURIComponent(route.stack)}`;
    case "operation":
      return `#/operations/${encodeURIComponent(route.id)}`;
  }
};

export const navigate = (route: Route): void => {
  location.hash = hrefOf(route);
};

/** The current route, following back/forward and links. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", follow);
    // Effects run after paint: a fragment changed between the first render and now
    // fired its hashchange before anyone listened.
    follow();
    return () => removeEventListener("hashchange", follow);
  }, []);
  return route;
}
